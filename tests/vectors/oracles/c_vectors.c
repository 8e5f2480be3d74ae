/* glibc rand/random (TYPE_3), rand_r, rand48 vectors. Build: gcc -O2 -o c_vectors c_vectors.c */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <gnu/libc-version.h>
#define N 20
static const unsigned long long SEEDS[] = {0, 1, 42, 12345, 2147483647ULL, 2147483648ULL, 4294967295ULL, 3141592653ULL};
static const int RANGES[][2] = {{0, 999}, {1, 6}, {0, 1023}, {10, 99999}, {0, 1}};
static void head(const char *src, const char *call, unsigned long long s, const char *red, long long a, long long b) {
    printf("{\"source\": \"%s\", \"call\": \"%s\", \"seed\": %llu, \"reduction\": \"%s\", \"min\": %lld, \"max\": %lld, \"values\": [", src, call, s, red, a, b);
}
int main(void) {
    char call[128];
    for (unsigned k = 0; k < sizeof SEEDS / sizeof *SEEDS; k++) {
        unsigned long long s = SEEDS[k];
        srand((unsigned)s); head("glibc_rand", "rand()", s, "raw", 0, RAND_MAX);
        for (int i = 0; i < N; i++) printf(i ? ", %d" : "%d", rand()); printf("]}\n");
        srandom((unsigned)s); head("glibc_rand", "random()", s, "raw", 0, RAND_MAX);
        for (int i = 0; i < N; i++) printf(i ? ", %ld" : "%ld", random()); printf("]}\n");
        unsigned st = (unsigned)s; head("glibc_rand_r", "rand_r(&s)", s, "raw", 0, RAND_MAX);
        for (int i = 0; i < N; i++) printf(i ? ", %d" : "%d", rand_r(&st)); printf("]}\n");
        srand48((long)s); head("rand48", "drand48() * 2^48", s, "raw", 0, 281474976710655LL);
        for (int i = 0; i < N; i++) printf(i ? ", %llu" : "%llu", (unsigned long long)(drand48() * 281474976710656.0)); printf("]}\n");
        srand48((long)s); head("rand48", "lrand48()", s, "raw31", 0, 2147483647);
        for (int i = 0; i < N; i++) printf(i ? ", %ld" : "%ld", lrand48()); printf("]}\n");
        for (unsigned r = 0; r < sizeof RANGES / sizeof *RANGES; r++) {
            int a = RANGES[r][0], b = RANGES[r][1], n = b - a + 1;
            srand((unsigned)s); snprintf(call, sizeof call, "%d + rand() %% %d", a, n); head("glibc_rand", call, s, "mod", a, b);
            for (int i = 0; i < N; i++) printf(i ? ", %d" : "%d", a + rand() % n); printf("]}\n");
            srand((unsigned)s); snprintf(call, sizeof call, "%d + (int)(rand() / (RAND_MAX + 1.0) * %d)", a, n); head("glibc_rand", call, s, "float", a, b);
            for (int i = 0; i < N; i++) printf(i ? ", %d" : "%d", a + (int)(rand() / (RAND_MAX + 1.0) * n)); printf("]}\n");
            st = (unsigned)s; snprintf(call, sizeof call, "%d + rand_r(&s) %% %d", a, n); head("glibc_rand_r", call, s, "mod", a, b);
            for (int i = 0; i < N; i++) printf(i ? ", %d" : "%d", a + rand_r(&st) % n); printf("]}\n");
            srand48((long)s); snprintf(call, sizeof call, "%d + lrand48() %% %d", a, n); head("rand48", call, s, "mod", a, b);
            for (int i = 0; i < N; i++) printf(i ? ", %ld" : "%ld", a + lrand48() % n); printf("]}\n");
            srand48((long)s); snprintf(call, sizeof call, "%d + (int)(drand48() * %d)", a, n); head("rand48", call, s, "float", a, b);
            for (int i = 0; i < N; i++) printf(i ? ", %d" : "%d", a + (int)(drand48() * n)); printf("]}\n");
        }
    }
    fprintf(stderr, "# glibc %s\n", gnu_get_libc_version());
    return 0;
}

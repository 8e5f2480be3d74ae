/* glibc random() with initstate() state sizes 8, 32, 64 and 256 bytes:
 * TYPE_0 (LCG), TYPE_1 (x^7 + x^3 + 1), TYPE_2 (x^15 + x + 1), TYPE_4
 * (x^63 + x + 1). Build: gcc -O2 -o c_random_types c_random_types.c */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#define N 20
static const unsigned long long SEEDS[] = {0, 1, 42, 12345, 2147483647ULL, 2147483648ULL, 4294967295ULL, 3141592653ULL};
static const int RANGES[][2] = {{0, 999}, {1, 6}, {0, 1}};
static const struct { const char *id; size_t size; } TYPES[] = {
    {"glibc_random_type0", 8}, {"glibc_random_type1", 32}, {"glibc_random_type2", 64}, {"glibc_random_type4", 256}};
static char buf[256] __attribute__((aligned(8)));
static void head(const char *src, const char *call, unsigned long long s, const char *red, long long a, long long b) {
    printf("{\"source\": \"%s\", \"call\": \"%s\", \"seed\": %llu, \"reduction\": \"%s\", \"min\": %lld, \"max\": %lld, \"values\": [", src, call, s, red, a, b);
}
int main(void) {
    char call[160];
    for (unsigned t = 0; t < sizeof TYPES / sizeof *TYPES; t++) {
        for (unsigned k = 0; k < sizeof SEEDS / sizeof *SEEDS; k++) {
            unsigned long long s = SEEDS[k];
            snprintf(call, sizeof call, "initstate(s, buf, %zu); random()", TYPES[t].size);
            initstate((unsigned)s, buf, TYPES[t].size); head(TYPES[t].id, call, s, "raw", 0, RAND_MAX);
            for (int i = 0; i < N; i++) printf(i ? ", %ld" : "%ld", random()); printf("]}\n");
            for (unsigned r = 0; r < sizeof RANGES / sizeof *RANGES; r++) {
                int a = RANGES[r][0], b = RANGES[r][1], n = b - a + 1;
                initstate((unsigned)s, buf, TYPES[t].size);
                snprintf(call, sizeof call, "initstate(s, buf, %zu); %d + random() %% %d", TYPES[t].size, a, n); head(TYPES[t].id, call, s, "mod", a, b);
                for (int i = 0; i < N; i++) printf(i ? ", %ld" : "%ld", a + random() % n); printf("]}\n");
                initstate((unsigned)s, buf, TYPES[t].size);
                snprintf(call, sizeof call, "initstate(s, buf, %zu); %d + (int)(random() / (RAND_MAX + 1.0) * %d)", TYPES[t].size, a, n); head(TYPES[t].id, call, s, "float", a, b);
                for (int i = 0; i < N; i++) printf(i ? ", %d" : "%d", a + (int)(random() / (RAND_MAX + 1.0) * n)); printf("]}\n");
            }
        }
    }
    return 0;
}

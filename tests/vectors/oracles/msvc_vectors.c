/* MSVC-family CRT rand() vectors. There is no Microsoft runtime on Linux: this is
 * built with mingw-w64 (which links msvcrt.dll) and run under Wine 8, whose msvcrt
 * reimplements the CRT's rand. Build: x86_64-w64-mingw32-gcc -O2 -o msvc_vectors.exe msvc_vectors.c
 * Run: WINEDEBUG=-all wine64 msvc_vectors.exe */
#include <stdio.h>
#include <stdlib.h>
static const unsigned long long SEEDS[] = {0, 1, 42, 12345, 2147483647ULL, 2147483648ULL, 4294967295ULL, 3141592653ULL};
static const int RANGES[][2] = {{0, 999}, {1, 6}, {0, 1023}, {10, 30009}, {0, 1}};
int main(void) {
    for (unsigned k = 0; k < sizeof SEEDS / sizeof *SEEDS; k++) {
        unsigned long long s = SEEDS[k];
        srand((unsigned)s);
        printf("{\"source\": \"msvc_rand\", \"call\": \"rand()\", \"seed\": %llu, \"reduction\": \"raw\", \"min\": 0, \"max\": 32767, \"values\": [", s);
        for (int i = 0; i < 20; i++) printf(i ? ", %d" : "%d", rand());
        printf("]}\n");
        for (unsigned r = 0; r < sizeof RANGES / sizeof *RANGES; r++) {
            int a = RANGES[r][0], b = RANGES[r][1], n = b - a + 1;
            srand((unsigned)s);
            printf("{\"source\": \"msvc_rand\", \"call\": \"%d + rand() %% %d\", \"seed\": %llu, \"reduction\": \"mod\", \"min\": %d, \"max\": %d, \"values\": [", a, n, s, a, b);
            for (int i = 0; i < 20; i++) printf(i ? ", %d" : "%d", a + rand() % n);
            printf("]}\n");
        }
    }
    return 0;
}

/* glibc drand48() as k = x * 2^53 (exact: drand48 is X / 2^48).
   Run: gcc -O2 -o f c_float_vectors.c && ./f */
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    long seeds[] = {0, 1, 42, 12345, 2147483647L, 4294967295L, 3141592653L};
    for (unsigned i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        srand48(seeds[i]);
        printf("{\"source\": \"rand48\", \"call\": \"srand48(s); drand48() * 2^53\", \"seed\": %ld, \"reduction\": \"drand48\", \"min\": 0, \"max\": 9007199254740991, \"values\": [", seeds[i]);
        for (int j = 0; j < 20; j++) printf("%s%lld", j ? ", " : "", (long long)(drand48() * 9007199254740992.0));
        printf("]}\n");
    }
    return 0;
}

// libstdc++ std::mt19937, std::minstd_rand0, std::minstd_rand vectors. Build: g++ -O2 -std=c++17 -o cpp_vectors cpp_vectors.cpp
#include <cstdio>
#include <random>
#include <string>
static const unsigned long long SEEDS[] = {0, 1, 42, 12345, 2147483646ULL, 2147483647ULL, 2147483648ULL, 4294967295ULL, 3141592653ULL};
static const long long RANGES[][2] = {{0, 999}, {1, 6}, {0, 1023}, {10, 99999}, {0, 1}};
template <class G> void run(const char *src, unsigned long long s) {
    G g(s);
    printf("{\"source\": \"%s\", \"call\": \"g()\", \"seed\": %llu, \"reduction\": \"raw\", \"min\": 0, \"max\": %llu, \"values\": [", src, s, (unsigned long long)G::max());
    for (int i = 0; i < 20; i++) printf(i ? ", %llu" : "%llu", (unsigned long long)g()); printf("]}\n");
    for (auto &r : RANGES) {
        G h(s); long long a = r[0], b = r[1], n = b - a + 1;
        printf("{\"source\": \"%s\", \"call\": \"%lld + g() %% %lld\", \"seed\": %llu, \"reduction\": \"mod\", \"min\": %lld, \"max\": %lld, \"values\": [", src, a, n, s, a, b);
        for (int i = 0; i < 20; i++) printf(i ? ", %lld" : "%lld", a + (long long)(h() % n)); printf("]}\n");
    }
}
int main() {
    for (auto s : SEEDS) { run<std::mt19937>("mt19937", s); run<std::minstd_rand0>("minstd_rand0", s); run<std::minstd_rand>("minstd_rand", s); }
    fprintf(stderr, "# libstdc++ %d\n", __GLIBCXX__);
}

// libstdc++ engines beyond mt19937 and minstd: knuth_b, ranlux24_base,
// ranlux48_base, mt19937_64. Build: g++ -O2 -std=c++17 -o cpp_engines cpp_engines.cpp
#include <cstdio>
#include <random>
static const unsigned long long SEEDS[] = {0, 1, 42, 12345, 2147483647ULL, 2147483648ULL, 4294967295ULL, 3141592653ULL};
static const int RANGES[][2] = {{0, 999}, {1, 6}, {0, 1}};
static void head(const char *src, const char *call, unsigned long long s, const char *red, long long a, long long b) {
    std::printf("{\"source\": \"%s\", \"call\": \"%s\", \"seed\": %llu, \"reduction\": \"%s\", \"min\": %lld, \"max\": %lld, \"values\": [", src, call, s, red, a, b);
}
template <class E> void dump(const char *id, const char *type, unsigned long long s, long long rawmax) {
    char call[160];
    { E g((typename E::result_type)s); std::snprintf(call, sizeof call, "std::%s g(s); g()", type); head(id, call, s, "raw", 0, rawmax);
      for (int i = 0; i < 20; i++) std::printf(i ? ", %llu" : "%llu", (unsigned long long)g()); std::printf("]}\n"); }
    for (auto &r : RANGES) {
        long long a = r[0], b = r[1], n = b - a + 1;
        E g((typename E::result_type)s);
        std::snprintf(call, sizeof call, "std::%s g(s); %lld + g() %% %lld", type, a, n); head(id, call, s, "mod", a, b);
        for (int i = 0; i < 20; i++) std::printf(i ? ", %lld" : "%lld", a + (long long)(g() % (unsigned long long)n)); std::printf("]}\n");
    }
}
int main() {
    for (auto s : SEEDS) {
        dump<std::knuth_b>("cpp_knuth_b", "knuth_b", s, 2147483646);
        dump<std::ranlux24_base>("cpp_ranlux24_base", "ranlux24_base", s, (1LL << 24) - 1);
        dump<std::ranlux48_base>("cpp_ranlux48_base", "ranlux48_base", s, (1LL << 48) - 1);
        dump<std::mt19937_64>("cpp_mt19937_64", "mt19937_64", s, -1);
    }
}

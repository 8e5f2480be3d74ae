// Java 17 RandomGenerator vectors: SplittableRandom and every algorithm of
// RandomGeneratorFactory seeded with create(long). Run: java Java17Vectors.java
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
public class Java17Vectors {
    static void emit(String src, String call, long s, String red, long a, long b, long[] v) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"source\": \"").append(src).append("\", \"call\": \"").append(call).append("\", \"seed\": ").append(s)
          .append(", \"reduction\": \"").append(red).append("\", \"min\": ").append(a).append(", \"max\": ").append(b).append(", \"values\": [");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        System.out.println(sb.append("]}"));
    }
    static RandomGenerator make(String alg, long s) {
        if (alg.equals("SplittableRandom")) return new java.util.SplittableRandom(s);
        return RandomGeneratorFactory.of(alg).create(s);
    }
    public static void main(String[] args) {
        String[][] algs = {
            {"SplittableRandom", "java_splittable_random"},
            {"Xoroshiro128PlusPlus", "java_xoroshiro128plusplus"},
            {"Xoshiro256PlusPlus", "java_xoshiro256plusplus"},
            {"L32X64MixRandom", "java_l32x64mixrandom"},
            {"L64X128MixRandom", "java_l64x128mixrandom"},
            {"L64X128StarStarRandom", "java_l64x128starstarrandom"},
            {"L64X256MixRandom", "java_l64x256mixrandom"},
            {"L64X1024MixRandom", "java_l64x1024mixrandom"},
            {"L128X128MixRandom", "java_l128x128mixrandom"},
            {"L128X256MixRandom", "java_l128x256mixrandom"},
            {"L128X1024MixRandom", "java_l128x1024mixrandom"},
        };
        long[] seeds = {0, 1, 42, 12345, 2147483647L, 4294967295L, -1L, 1763683200123L};
        int[][] ranges = {{0, 999}, {1, 6}, {0, 1023}, {10, 99999}, {0, 1}, {0, 2147483646}};
        for (String[] al : algs) {
            String ctor = al[0].equals("SplittableRandom") ? "new SplittableRandom(s)" : "RandomGeneratorFactory.of(\\\"" + al[0] + "\\\").create(s)";
            for (long s : seeds) {
                RandomGenerator r = make(al[0], s); long[] v = new long[20];
                for (int i = 0; i < 20; i++) v[i] = r.nextInt() & 0xffffffffL;
                emit(al[1], ctor + ".nextInt() as uint32", s, "raw", 0, 4294967295L, v);
                for (int[] rg : ranges) {
                    int a = rg[0], n = rg[1] - rg[0] + 1; r = make(al[0], s);
                    for (int i = 0; i < 20; i++) v[i] = a + r.nextInt(n);
                    emit(al[1], ctor + "; " + a + " + nextInt(" + n + ")", s, "bounded_next_int", a, rg[1], v);
                }
            }
        }
        System.err.println("# java " + System.getProperty("java.version"));
    }
}

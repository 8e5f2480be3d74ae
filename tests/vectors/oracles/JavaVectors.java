// java.util.Random vectors. Run: java JavaVectors.java
import java.util.Random;
public class JavaVectors {
    static void emit(String call, long s, String red, long a, long b, long[] v) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"source\": \"java_random\", \"call\": \"").append(call).append("\", \"seed\": ").append(s)
          .append(", \"reduction\": \"").append(red).append("\", \"min\": ").append(a).append(", \"max\": ").append(b).append(", \"values\": [");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        System.out.println(sb.append("]}"));
    }
    public static void main(String[] args) {
        long[] seeds = {0, 1, 42, 12345, 2147483647L, 4294967295L, 3141592653L, 281474976710655L};
        int[][] ranges = {{0, 999}, {1, 6}, {0, 1023}, {10, 99999}, {0, 1}, {0, 2147483646}};
        for (long s : seeds) {
            Random r = new Random(s); long[] v = new long[20];
            for (int i = 0; i < 20; i++) v[i] = r.nextInt() & 0xffffffffL;
            emit("nextInt() as uint32", s, "raw", 0, 4294967295L, v);
            for (int[] rg : ranges) {
                int a = rg[0], n = rg[1] - rg[0] + 1; r = new Random(s);
                for (int i = 0; i < 20; i++) v[i] = a + r.nextInt(n);
                emit(a + " + nextInt(" + n + ")", s, "nextint", a, rg[1], v);
            }
        }
        System.err.println("# java " + System.getProperty("java.version"));
    }
}

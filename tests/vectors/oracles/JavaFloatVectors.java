// java.util.Random nextDouble() as k = x * 2^53. Run: java JavaFloatVectors.java
import java.util.Random;
public class JavaFloatVectors {
    public static void main(String[] args) {
        long[] seeds = {0, 1, 42, 12345, 2147483647L, 4294967295L, 3141592653L, 281474976710655L};
        for (long s : seeds) {
            Random r = new Random(s); StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 20; i++) sb.append(i > 0 ? ", " : "").append((long) (r.nextDouble() * 9007199254740992.0));
            System.out.println("{\"source\": \"java_random\", \"call\": \"new Random(s).nextDouble() * 2^53\", \"seed\": " + s
                + ", \"reduction\": \"next_double\", \"min\": 0, \"max\": 9007199254740991, \"values\": [" + sb + "]}");
        }
        System.err.println("# java " + System.getProperty("java.version"));
    }
}

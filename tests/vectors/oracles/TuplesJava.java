// Collections.shuffle tuples. Run: java TuplesJava.java
import java.util.*;
public class TuplesJava {
    public static void main(String[] args) {
        long[] seeds = {0, 1, 42, 12345, 20261121L, 4294967295L, 1763683200123L};
        int[][] shapes = {{1, 49, 6}, {1, 90, 5}, {0, 9, 3}, {1, 200, 6}, {1, 6, 6}};
        for (long s : seeds) for (int[] sh : shapes) {
            Random r = new Random(s); StringBuilder sb = new StringBuilder();
            for (int t = 0; t < 8; t++) {
                List<Integer> l = new ArrayList<>();
                for (int v = sh[0]; v <= sh[1]; v++) l.add(v);
                Collections.shuffle(l, r);
                sb.append(t > 0 ? ", " : "").append(l.subList(0, sh[2]).toString());
            }
            System.out.println("{\"source\": \"java_random\", \"call\": \"Collections.shuffle(list " + sh[0] + ".." + sh[1] + ", rnd); subList(0, " + sh[2] + ")\", \"seed\": " + s
                + ", \"min\": " + sh[0] + ", \"max\": " + sh[1] + ", \"k\": " + sh[2] + ", \"tuples\": [" + sb + "]}");
        }
        System.err.println("# java " + System.getProperty("java.version"));
    }
}

// java.util.Random seeded with a millisecond clock value, nextInt(1000) x 40.
import java.util.Random;

public class JavaState {
    public static void main(String[] a) {
        long seed = 1763683200123L; // 2025-11-21T00:00:00.123Z, as System.currentTimeMillis() returns
        Random r = new Random(seed);
        System.out.println("# OpenJDK " + System.getProperty("java.version") + ": new Random(" + seed + "L).nextInt(1000) x 40");
        for (int i = 0; i < 40; i++) System.out.println(r.nextInt(1000));
    }
}

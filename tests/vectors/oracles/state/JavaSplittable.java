// java.util.SplittableRandom(seed).nextLong() x 20, printed as unsigned 64-bit.
import java.util.SplittableRandom;

public class JavaSplittable {
    public static void main(String[] a) {
        long seed = 1763683200123L;
        SplittableRandom r = new SplittableRandom(seed);
        System.out.println("# OpenJDK " + System.getProperty("java.version") + ": new SplittableRandom(" + seed + "L).nextLong() x 20, unsigned");
        for (int i = 0; i < 20; i++) System.out.println(Long.toUnsignedString(r.nextLong()));
    }
}

// .NET System.Random(seed) vectors (Knuth subtractive). Build: mcs -out:DotnetVectors.exe DotnetVectors.cs; run: mono DotnetVectors.exe
using System;
using System.Text;
class DotnetVectors {
    static void Emit(string call, long s, string red, long a, long b, long[] v) {
        var sb = new StringBuilder();
        sb.Append("{\"source\": \"dotnet_random\", \"call\": \"" + call + "\", \"seed\": " + s + ", \"reduction\": \"" + red + "\", \"min\": " + a + ", \"max\": " + b + ", \"values\": [");
        for (int i = 0; i < v.Length; i++) sb.Append((i > 0 ? ", " : "") + v[i]);
        Console.WriteLine(sb.Append("]}").ToString());
    }
    static void Main() {
        int[] seeds = {0, 1, 42, 12345, 2147483647, 161803398, 161803399, 1073741824};
        int[,] ranges = {{0, 999}, {1, 6}, {0, 1023}, {10, 99999}, {0, 1}};
        foreach (int s in seeds) {
            var r = new Random(s); var v = new long[20];
            for (int i = 0; i < 20; i++) v[i] = r.Next();
            Emit("Next()", s, "raw", 0, 2147483646, v);
            for (int k = 0; k < ranges.GetLength(0); k++) {
                int a = ranges[k, 0], n = ranges[k, 1] - a + 1; r = new Random(s);
                for (int i = 0; i < 20; i++) v[i] = a + r.Next(n);
                Emit(a + " + Next(" + n + ")", s, "float", a, ranges[k, 1], v);
            }
        }
        Console.Error.WriteLine("# mono " + Environment.Version);
    }
}

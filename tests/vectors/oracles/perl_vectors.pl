# Perl rand(n) (Perl's own drand48) vectors, filed under rand48 "float". Run: perl perl_vectors.pl
use strict; use warnings;
for my $s (0, 1, 42, 12345, 2147483647, 2147483648, 4294967295, 3141592653) {
  for my $r ([0, 999], [1, 6], [0, 1023], [10, 99999], [0, 1]) {
    my ($a, $b) = @$r; my $n = $b - $a + 1; srand($s);
    my @v = map { $a + int(rand($n)) } 1 .. 20;
    print "{\"source\": \"rand48\", \"call\": \"perl: srand($s); $a + int(rand($n))\", \"seed\": $s, \"reduction\": \"float\", \"min\": $a, \"max\": $b, \"values\": [", join(", ", @v), "]}\n";
  }
}
print STDERR "# perl $^V\n";

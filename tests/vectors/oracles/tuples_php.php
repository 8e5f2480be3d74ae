<?php
// PHP shuffle tuples. Run: php tuples_php.php
foreach ([0, 1, 42, 12345, 20261121, 4294967295] as $s) {
  foreach ([[1, 49, 6], [1, 90, 5], [0, 9, 3], [1, 200, 6], [1, 6, 6]] as [$a, $b, $k]) {
    mt_srand($s); $ts = [];
    for ($t = 0; $t < 8; $t++) { $x = range($a, $b); shuffle($x); $ts[] = array_slice($x, 0, $k); }
    echo json_encode(['source' => 'php_mt_rand', 'call' => "mt_srand(s); \$x = range($a, $b); shuffle(\$x); array_slice(\$x, 0, $k)", 'seed' => $s, 'min' => $a, 'max' => $b, 'k' => $k, 'tuples' => $ts]), "\n";
  }
}
fwrite(STDERR, "# php " . PHP_VERSION . "\n");

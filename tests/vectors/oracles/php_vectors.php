<?php
// PHP mt_rand vectors (PHP >= 8.2 for Random\Engine\Mt19937 raw words). Run: php php_vectors.php
$N = 20;
function emit($src, $call, $seed, $red, $min, $max, $vals) {
  echo json_encode(["source" => $src, "call" => $call, "seed" => $seed, "reduction" => $red, "min" => $min, "max" => $max, "values" => $vals]), "\n";
}
foreach ([0, 1, 42, 12345, 2147483647, 2147483648, 4294967295, 3141592653] as $s) {
  $e = new \Random\Engine\Mt19937($s); $v = [];
  for ($i = 0; $i < $N; $i++) $v[] = unpack("V", $e->generate())[1];
  emit("php_mt_rand", "Random\\Engine\\Mt19937::generate()", $s, "raw", 0, 4294967295, $v);
  mt_srand($s); $v = []; for ($i = 0; $i < $N; $i++) $v[] = mt_rand();
  emit("php_mt_rand", "mt_rand()", $s, "shift1", 0, 2147483647, $v);
  foreach ([[0, 999], [1, 6], [0, 1023], [10, 99999], [0, 2147483647], [0, 1]] as [$a, $b]) {
    mt_srand($s); $v = []; for ($i = 0; $i < $N; $i++) $v[] = mt_rand($a, $b);
    emit("php_mt_rand", "mt_rand($a, $b)", $s, "range32", $a, $b, $v);
  }
}
fwrite(STDERR, "# php " . PHP_VERSION . "\n");

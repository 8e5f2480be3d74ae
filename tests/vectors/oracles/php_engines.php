<?php
// PHP 8.2 Random\Engine vectors: PcgOneseq128XslRr64 and Xoshiro256StarStar seeded
// with an int, read through Random\Randomizer. Run: php php_engines.php
// raw lines: the low 32 bits of each 64-bit generate() (what getInt's range32 reads).
$engines = [
  ['php_pcg_oneseq128', 'Random\Engine\PcgOneseq128XslRr64'],
  ['php_xoshiro256starstar', 'Random\Engine\Xoshiro256StarStar'],
];
$seeds = [0, 1, 42, 12345, 2147483647, 4294967295, 3141592653, -1];
$ranges = [[0, 999], [1, 6], [0, 1023], [10, 99999], [0, 1], [0, 2147483646], [0, 4294967295]];
function emit($src, $call, $s, $red, $a, $b, $v) {
  echo json_encode(['source' => $src, 'call' => $call, 'seed' => $s, 'reduction' => $red, 'min' => $a, 'max' => $b, 'values' => $v]), "\n";
}
foreach ($engines as [$src, $cls]) {
  foreach ($seeds as $s) {
    $e = new $cls($s); $v = [];
    for ($i = 0; $i < 20; $i++) { $v[] = unpack('V', substr($e->generate(), 0, 4))[1]; }
    emit($src, "(new $cls(s))->generate() low 32 bits", $s, 'raw', 0, 4294967295, $v);
    foreach ($ranges as [$a, $b]) {
      $r = new Random\Randomizer(new $cls($s)); $v = [];
      for ($i = 0; $i < 20; $i++) { $v[] = $r->getInt($a, $b); }
      emit($src, "(new Random\\Randomizer(new $cls(s)))->getInt($a, $b)", $s, 'range32', $a, $b, $v);
    }
  }
}
fwrite(STDERR, "# php " . PHP_VERSION . "\n");

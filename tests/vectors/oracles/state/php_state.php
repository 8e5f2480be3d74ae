<?php
// PHP 8.2 Random\Engine\Xoshiro256StarStar(12345): generate() x 20, each 8 bytes
// little-endian, printed as an unsigned 64-bit decimal.
$e = new Random\Engine\Xoshiro256StarStar(12345);
echo "# PHP " . PHP_VERSION . ": (new Random\\Engine\\Xoshiro256StarStar(12345))->generate() x 20, as unsigned 64-bit\n";
for ($i = 0; $i < 20; $i++) {
    $b = $e->generate();
    $v = unpack('P', $b)[1];
    echo sprintf('%u', $v), "\n";
}

<?php
// PHP mt_rand in MT_RAND_PHP mode (the pre-7.1 twist and range scaling):
// mt_srand(s, MT_RAND_PHP); mt_rand() and mt_rand(a, b). Run: php php_legacy.php
$seeds = [0, 1, 42, 12345, 2147483647, 2147483648, 4294967295, 3141592653];
$ranges = [[0, 999], [1, 6], [0, 1], [10, 99999]];
foreach ($seeds as $s) {
    mt_srand($s, MT_RAND_PHP);
    $v = [];
    for ($i = 0; $i < 20; $i++) $v[] = mt_rand();
    echo json_encode(["source" => "php_mt_rand_legacy", "call" => "mt_srand(s, MT_RAND_PHP); mt_rand()", "seed" => $s, "reduction" => "raw", "min" => 0, "max" => 2147483647, "values" => $v]), "\n";
    foreach ($ranges as [$a, $b]) {
        mt_srand($s, MT_RAND_PHP);
        $v = [];
        for ($i = 0; $i < 20; $i++) $v[] = mt_rand($a, $b);
        echo json_encode(["source" => "php_mt_rand_legacy", "call" => "mt_srand(s, MT_RAND_PHP); mt_rand($a, $b)", "seed" => $s, "reduction" => "float", "min" => $a, "max" => $b, "values" => $v]), "\n";
    }
}

# Ruby Random vectors. Run: ruby ruby_vectors.rb
require 'json'
N = 20
[0, 1, 42, 12345, 2147483647, 2147483648, 4294967295, 3141592653].each do |s|
  r = Random.new(s)
  puts({source: "ruby_random", call: "rand(2**32)", seed: s, reduction: "raw", min: 0, max: 2**32 - 1, values: Array.new(N) { r.rand(2**32) }}.to_json)
  [[0, 999], [1, 6], [0, 1023], [10, 99999], [0, 1]].each do |a, b|
    r = Random.new(s)
    puts({source: "ruby_random", call: "#{a} + rand(#{b - a + 1})", seed: s, reduction: "mask_reject", min: a, max: b, values: Array.new(N) { a + r.rand(b - a + 1) }}.to_json)
  end
end
$stderr.puts "# ruby #{RUBY_VERSION}"

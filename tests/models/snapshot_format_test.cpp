// The snapshot format (snapshot_format.h): the hand-written JSON encoder
// against nlohmann's, exact round trips, 0600 files, per-chunk record counts.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <bit>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "smartstore/models/snapshot_format.h"
#include "support/test_paths.h"

using namespace smartstore::models;
using nlohmann::json;
using smartstore::ErrorKind;
using smartstore::testing::read_file;
using smartstore::testing::TempDir;
using smartstore::testing::write_file;

namespace {

// nlohmann's encoder: the reference the hand-written one must match byte for byte.
json reference_json(const CustomerProfile& p) {
  json prefs = json::array();
  for (const auto& c : p.preferences) prefs.push_back({{"c", c.category}, {"i", c.index}, {"n", c.count}});
  json j = {{"key", p.member_key},      {"gender", p.gender},
          {"age", p.age_band},          {"zone", p.home_zone},
          {"tier", p.tier},             {"grade", p.grade},
          {"segment", p.segment},       {"behaviour", p.behaviour_type},
          {"prefs", prefs},             {"clv_3m", p.clv_3m_krw},
          {"p_alive", p.p_alive},       {"spend", p.total_spend_krw},
          {"days", p.purchase_days},    {"last", p.last_purchase_date},
          {"next", p.next_purchase_date}, {"exp_spend", p.expected_spend_krw},
          {"companions", p.companion_products}, {"recommended", p.recommended_categories},
          {"consent", p.consent_marketing}, {"cluster", p.cluster}};
  if (p.cluster_predicted) j["cluster_predicted"] = true;
  if (!p.cluster_category.empty()) j["cluster_category"] = p.cluster_category;
  if (!p.companion_if.empty()) j["companion_if"] = p.companion_if;
  if (!p.companion_lift.empty()) j["companion_lift"] = p.companion_lift;
  if (!p.survey_favourite.empty()) j["survey"] = p.survey_favourite;
  return j;
}

std::string key_of(int i) { return sha256_hex("member " + std::to_string(i)); }

CustomerProfile sample(int i) {
  CustomerProfile p;
  p.member_key = key_of(i);
  p.gender = "F";
  p.age_band = "40s";
  p.home_zone = "Z17";
  p.tier = "star";
  p.grade = "VIP";
  p.segment = "At Risk";
  p.cluster = i % 3;
  p.cluster_predicted = i % 2 == 0;
  p.behaviour_type = "mania";
  p.preferences = {{"과자", 100.0, 5}, {"패션잡화", 92.835, 1}, {"여성의류", 5.0, 0}};
  p.clv_3m_krw = 59621.0;
  p.p_alive = 0.9533;
  p.total_spend_krw = 233600 + i;
  p.purchase_days = 9;
  p.last_purchase_date = "2022-11-21";
  p.next_purchase_date = "2022-12-27";
  p.expected_spend_krw = 28176;
  p.companion_products = {"P0001", "P0002"};
  if (i % 2 == 1) {
    p.companion_if = {"P0101+P0102", "P0101"};
    p.companion_lift = {3.25, 1.0 + i / 7.0};
  } else {
    p.cluster_category = "과자";
    p.survey_favourite = "여성의류";
  }
  p.recommended_categories = {"테넌트/음식점", "화장품/뷰티케어"};
  p.consent_marketing = i % 2 == 0;
  return p;
}

bool same(const CustomerProfile& a, const CustomerProfile& b) {
  bool prefs = a.preferences.size() == b.preferences.size();
  for (std::size_t i = 0; prefs && i < a.preferences.size(); ++i)
    prefs = a.preferences[i].category == b.preferences[i].category &&
            std::bit_cast<std::uint64_t>(a.preferences[i].index) == std::bit_cast<std::uint64_t>(b.preferences[i].index) &&
            a.preferences[i].count == b.preferences[i].count;
  return prefs && a.member_key == b.member_key && a.gender == b.gender && a.age_band == b.age_band &&
         a.home_zone == b.home_zone && a.tier == b.tier && a.grade == b.grade && a.segment == b.segment &&
         a.cluster == b.cluster && a.cluster_predicted == b.cluster_predicted &&
         a.behaviour_type == b.behaviour_type &&
         std::bit_cast<std::uint64_t>(a.clv_3m_krw) == std::bit_cast<std::uint64_t>(b.clv_3m_krw) &&
         std::bit_cast<std::uint64_t>(a.p_alive) == std::bit_cast<std::uint64_t>(b.p_alive) &&
         a.total_spend_krw == b.total_spend_krw && a.purchase_days == b.purchase_days &&
         a.last_purchase_date == b.last_purchase_date && a.next_purchase_date == b.next_purchase_date &&
         a.expected_spend_krw == b.expected_spend_krw && a.companion_products == b.companion_products &&
         a.companion_if == b.companion_if && a.companion_lift == b.companion_lift &&
         a.cluster_category == b.cluster_category && a.survey_favourite == b.survey_favourite &&
         a.recommended_categories == b.recommended_categories && a.consent_marketing == b.consent_marketing;
}

unsigned mode_of(const std::filesystem::path& f) {
  struct stat st {};
  REQUIRE(::stat(f.c_str(), &st) == 0);
  return st.st_mode & 0777U;
}

// Rewrites one chunk and its hashes in the manifest but not its record count:
// only the count check can catch it.
void replace_chunk(const std::filesystem::path& dir, std::uint32_t index, const std::string& bytes) {
  auto m = decode_manifest(read_file(dir / "manifest.json"));
  REQUIRE(m.has_value());
  write_file(dir / chunk_file_name(index), bytes);
  m->chunks[index].sha256 = sha256_hex(bytes);
  m->checksum = manifest_checksum(m->chunks);
  write_file(dir / "manifest.json", encode_manifest(*m));
}

}  // namespace

TEST_CASE("profile lines: the same bytes nlohmann wrote, for text and numbers of every kind") {
  CustomerProfile p = sample(1);
  CHECK(encode_profile(p) == reference_json(p).dump());
  // Escapes: quote, backslash, every control character, DEL and non-ASCII pass through.
  std::string nasty = "a\"b\\c/\x7f 한글 \xF0\x9F\x98\x80 end";
  for (char c = 1; c < 0x20; ++c) nasty.push_back(c);
  p.home_zone = nasty;
  p.companion_products = {"", nasty, "\t"};
  p.preferences.push_back({nasty, 0.1, -3});
  const double numbers[] = {0.0,   -0.0,   1.0,       100.0,     92.835,   0.9533,     1e-4,  9.9e-5,
                            1e-5,  1e-300, 123456.75, 1e6,       1e14,     99999999999999.5, 1e15,  1e20,
                            -2.5,  1.0 / 3.0, 5e-324, std::numeric_limits<double>::max(), 0.1 + 0.2};
  for (double v : numbers) {
    CAPTURE(v);
    p.clv_3m_krw = v;
    p.p_alive = -v;
    p.preferences.back().index = v * 7;
    const std::string line = encode_profile(p);
    CHECK(line == reference_json(p).dump());
    CHECK(line.find('\n') == std::string::npos);
  }
  p.expected_spend_krw = std::numeric_limits<std::int64_t>::min();
  p.total_spend_krw = std::numeric_limits<std::int64_t>::max();
  CHECK(encode_profile(p) == reference_json(p).dump());
}

TEST_CASE("profile lines: invalid UTF-8 becomes U+FFFD, non-finite numbers null; the line stays valid JSON") {
  CustomerProfile p = sample(2);
  // Lone continuation, overlong '/', a surrogate, beyond U+10FFFF, truncated 3-byte sequence.
  p.home_zone = std::string("a\x80z\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80\xE2\x82", 15);
  p.clv_3m_krw = std::nan("");
  p.p_alive = std::numeric_limits<double>::infinity();
  const std::string line = encode_profile(p);
  const json j = json::parse(line, nullptr, false);  // nlohmann rejects invalid UTF-8 in strings
  REQUIRE_FALSE(j.is_discarded());
  const std::string zone = j.at("zone").get<std::string>();
  CHECK(zone.substr(0, 1) == "a");
  CHECK(zone.substr(1, 3) == "\xEF\xBF\xBD");
  CHECK(zone.substr(4, 1) == "z");
  CHECK(zone.find("\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
  CHECK(j.at("clv_3m").is_null());
  CHECK(j.at("p_alive").is_null());
  const auto back = decode_profile(line);
  REQUIRE(back.has_value());
  CHECK(back->clv_3m_krw == 0.0);
  CHECK(back->home_zone == zone);
}

TEST_CASE("profile lines: random profiles decode to exactly what was encoded") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> exp10(-8, 17);
  const std::vector<std::string> words{"", "과자", "F", "여성의류", "a\"q", "back\\slash", "tab\t", "Z01"};
  auto word = [&] { return words[rng() % words.size()]; };
  std::string chunk;
  std::vector<CustomerProfile> all;
  for (int i = 0; i < 300; ++i) {
    CustomerProfile p = sample(i);
    p.home_zone = word();
    p.tier = word();
    p.clv_3m_krw = unit(rng) * std::pow(10.0, exp10(rng));
    p.p_alive = unit(rng);
    p.preferences.clear();
    for (int k = 0, n = static_cast<int>(rng() % 6); k < n; ++k)
      p.preferences.push_back({word(), unit(rng) * 95 + 5, static_cast<std::int64_t>(rng() % 1000)});
    p.recommended_categories = {word(), word()};
    p.total_spend_krw = static_cast<std::int64_t>(rng() >> 1) * (i % 2 ? 1 : -1);
    append_profile_line(chunk, p);
    all.push_back(p);
    const auto back = decode_profile(encode_profile(p));
    REQUIRE(back.has_value());
    CHECK(same(*back, p));
  }
  const auto decoded = decode_chunk(chunk);
  REQUIRE(decoded.has_value());
  REQUIRE(decoded->size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(same((*decoded)[i], all[i]));
}

TEST_CASE("write_snapshot: every file 0600 whatever the umask or an earlier file's mode; stale chunks go") {
  TempDir dir;
  const auto out = dir / "S001";
  std::filesystem::create_directories(out);
  write_file(out / chunk_file_name(0), "old");
  ::chmod((out / chunk_file_name(0)).c_str(), 0644);
  write_file(out / chunk_file_name(7), "stale");
  for (int i = 1; i < 7; ++i) write_file(out / chunk_file_name(static_cast<std::uint32_t>(i)), "stale");
  const mode_t old_mask = ::umask(0);
  std::vector<CustomerProfile> ps;
  for (int i = 0; i < 7; ++i) ps.push_back(sample(i));
  const auto m = write_snapshot(out, "S001", 42, ps, PreferenceModel{}, 3);
  ::umask(old_mask);
  CHECK(m.record_count == 7);
  REQUIRE(m.chunks.size() == 3);
  CHECK(m.chunks[2].records == 1);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(out)) {
    CAPTURE(e.path());
    CHECK(mode_of(e.path()) == 0600U);
    ++files;
  }
  CHECK(files == 4);  // three chunks and the manifest; chunks 3..7 of an older snapshot removed
  const auto v = verify_snapshot_dir(out);
  REQUIRE_MESSAGE(v.has_value(), (v ? "" : v.error().message()));
  CHECK(v->version == 42);

  // An empty snapshot: one empty chunk, still verifiable.
  const auto empty = write_snapshot(dir / "S002", "S002", 1, {}, PreferenceModel{});
  REQUIRE(empty.chunks.size() == 1);
  CHECK(empty.chunks[0].records == 0);
  CHECK(verify_snapshot_dir(dir / "S002").has_value());
}

TEST_CASE("verify_snapshot_dir: a chunk with one record too many or too few is named") {
  TempDir dir;
  std::vector<CustomerProfile> ps;
  for (int i = 0; i < 9; ++i) ps.push_back(sample(i));
  const auto m = write_snapshot(dir / "S001", "S001", 5, ps, PreferenceModel{}, 3);
  REQUIRE(verify_snapshot_dir(dir / "S001").has_value());
  const std::string original = read_file(dir / "S001" / chunk_file_name(1));

  SUBCASE("one too many") {
    replace_chunk(dir / "S001", 1, original + encode_profile(sample(99)) + "\n");
    const auto v = verify_snapshot_dir(dir / "S001");
    REQUIRE_FALSE(v.has_value());
    CHECK(v.error().kind() == ErrorKind::invalid_input);
    CHECK(v.error().message().ends_with("/chunk-000001.jsonl: holds 4 records, the manifest says 3"));
  }
  SUBCASE("one too few") {
    replace_chunk(dir / "S001", 1, original.substr(original.find('\n') + 1));
    const auto v = verify_snapshot_dir(dir / "S001");
    REQUIRE_FALSE(v.has_value());
    CHECK(v.error().message().ends_with("/chunk-000001.jsonl: holds 2 records, the manifest says 3"));
  }
  SUBCASE("blank lines are not records; a last line without newline is one") {
    std::string spaced = original;
    spaced.pop_back();  // drop the final '\n'
    replace_chunk(dir / "S001", 1, "\n" + spaced);
    CHECK(verify_snapshot_dir(dir / "S001").has_value());
  }
  SUBCASE("the hash is still checked first") {
    write_file(dir / "S001" / chunk_file_name(2), original);
    const auto v = verify_snapshot_dir(dir / "S001");
    REQUIRE_FALSE(v.has_value());
    CHECK(v.error().message().ends_with("/chunk-000002.jsonl: sha256 mismatch"));
  }
  CHECK(m.chunks.size() == 3);
}

TEST_CASE("verify_snapshot_dir: a missing file is not_found, another schema unsupported") {
  TempDir dir;
  const auto missing = verify_snapshot_dir(dir / "S404");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().kind() == ErrorKind::not_found);
  CHECK(missing.error().message().ends_with("/S404/manifest.json: cannot read"));
  CHECK(missing.error().origin() == "snapshot");

  const auto m = write_snapshot(dir / "S001", "S001", 5, {sample(1), sample(2)}, PreferenceModel{}, 1);
  std::filesystem::remove(dir / "S001" / chunk_file_name(1));
  const auto chunk = verify_snapshot_dir(dir / "S001");
  REQUIRE_FALSE(chunk.has_value());
  CHECK(chunk.error().kind() == ErrorKind::not_found);
  CHECK(chunk.error().message().ends_with("/chunk-000001.jsonl: missing chunk"));

  auto manifest = json::parse(encode_manifest(m));
  manifest["schema"] = 2;
  const auto schema = decode_manifest(manifest.dump());
  REQUIRE_FALSE(schema.has_value());
  CHECK(schema.error().kind() == ErrorKind::unsupported);
  CHECK(schema.error().message() == "manifest.schema: unsupported schema 2");
}

TEST_CASE("write_snapshot: an unwritable directory throws instead of leaving a silent gap") {
  TempDir dir;
  const auto out = dir / "S001";
  std::filesystem::create_directories(out);
  std::filesystem::create_directory(out / chunk_file_name(0));  // a directory where the chunk goes
  CHECK_THROWS_AS((void)write_snapshot(out, "S001", 1, {sample(1)}, PreferenceModel{}), std::system_error);
}

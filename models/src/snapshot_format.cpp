#include "smartstore/models/snapshot_format.h"

#include <openssl/evp.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace smartstore::models {
namespace {

using nlohmann::json;

json profile_json(const CustomerProfile& p) {
  json prefs = json::array();
  for (const auto& c : p.preferences) prefs.push_back({{"c", c.category}, {"i", c.index}, {"n", c.count}});
  return {{"key", p.member_key},
          {"gender", p.gender},
          {"age", p.age_band},
          {"zone", p.home_zone},
          {"tier", p.tier},
          {"grade", p.grade},
          {"segment", p.segment},
          {"behaviour", p.behaviour_type},
          {"prefs", prefs},
          {"clv_3m", p.clv_3m_krw},
          {"p_alive", p.p_alive},
          {"spend", p.total_spend_krw},
          {"days", p.purchase_days},
          {"last", p.last_purchase_date},
          {"next", p.next_purchase_date},
          {"exp_spend", p.expected_spend_krw},
          {"companions", p.companion_products},
          {"recommended", p.recommended_categories},
          {"consent", p.consent_marketing}};
}

template <typename T>
void get_optional(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->get<T>();
}

CustomerProfile profile_from(const json& j) {
  CustomerProfile p;
  p.member_key = j.at("key").get<std::string>();
  get_optional(j, "gender", p.gender);
  get_optional(j, "age", p.age_band);
  get_optional(j, "zone", p.home_zone);
  get_optional(j, "tier", p.tier);
  get_optional(j, "grade", p.grade);
  get_optional(j, "segment", p.segment);
  get_optional(j, "behaviour", p.behaviour_type);
  if (auto it = j.find("prefs"); it != j.end()) {
    for (const auto& c : *it) p.preferences.push_back({c.at("c"), c.at("i"), c.value("n", std::int64_t{0})});
  }
  get_optional(j, "clv_3m", p.clv_3m_krw);
  get_optional(j, "p_alive", p.p_alive);
  get_optional(j, "spend", p.total_spend_krw);
  get_optional(j, "days", p.purchase_days);
  get_optional(j, "last", p.last_purchase_date);
  get_optional(j, "next", p.next_purchase_date);
  get_optional(j, "exp_spend", p.expected_spend_krw);
  get_optional(j, "companions", p.companion_products);
  get_optional(j, "recommended", p.recommended_categories);
  get_optional(j, "consent", p.consent_marketing);
  return p;
}

bool valid_member_key(const std::string& k) {
  return k.size() == 64 && k.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string read_file(const std::filesystem::path& f, bool& ok) {
  std::ifstream in(f, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string chunk_file_name(std::uint32_t index) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "chunk-%06u.jsonl", index);
  return buf;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(2 * len, '0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 0xF];
  }
  return out;
}

std::string manifest_checksum(const std::vector<SnapshotChunkInfo>& chunks) {
  std::string all;
  for (const auto& c : chunks) all += c.sha256;
  return sha256_hex(all);
}

std::string encode_profile(const CustomerProfile& p) { return profile_json(p).dump(); }

SnapshotResult<CustomerProfile> decode_profile(std::string_view line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {std::nullopt, SnapshotError{"profile", "not a JSON object"}};
  try {
    CustomerProfile p = profile_from(j);
    if (!valid_member_key(p.member_key))
      return {std::nullopt, SnapshotError{"profile.key", "expected 64 lower-case hex characters"}};
    return {std::move(p), std::nullopt};
  } catch (const json::exception& e) {
    return {std::nullopt, SnapshotError{"profile", std::string("bad field: ") + e.what()}};
  }
}

SnapshotResult<std::vector<CustomerProfile>> decode_chunk(std::string_view bytes) {
  std::vector<CustomerProfile> out;
  std::size_t line_no = 0;
  while (!bytes.empty()) {
    auto nl = bytes.find('\n');
    std::string_view line = bytes.substr(0, nl);
    bytes = nl == std::string_view::npos ? std::string_view{} : bytes.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    auto p = decode_profile(line);
    if (!p.ok())
      return {std::nullopt, SnapshotError{"line " + std::to_string(line_no) + ": " + p.error->where, p.error->message}};
    out.push_back(std::move(*p.value));
  }
  return {std::move(out), std::nullopt};
}

std::string encode_manifest(const SnapshotManifest& m) {
  json chunks = json::array();
  for (const auto& c : m.chunks) chunks.push_back({{"index", c.index}, {"records", c.records}, {"sha256", c.sha256}});
  json model = {{"categories", m.preference_model.categories},
                {"p_age", m.preference_model.p_age_given_category},
                {"p_gender", m.preference_model.p_gender_given_category}};
  json j = {{"schema", m.schema},       {"store_id", m.store_id}, {"version", m.version},
            {"created_at", m.created_at}, {"record_count", m.record_count}, {"chunk_count", m.chunks.size()},
            {"chunks", chunks},         {"checksum", m.checksum}, {"preference_model", model}};
  return j.dump(2);
}

SnapshotResult<SnapshotManifest> decode_manifest(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {std::nullopt, SnapshotError{"manifest", "not a JSON object"}};
  try {
    SnapshotManifest m;
    m.schema = j.at("schema").get<int>();
    if (m.schema != kSnapshotSchemaVersion)
      return {std::nullopt, SnapshotError{"manifest.schema", "unsupported schema " + std::to_string(m.schema)}};
    m.store_id = j.at("store_id").get<std::string>();
    m.version = j.at("version").get<std::int64_t>();
    get_optional(j, "created_at", m.created_at);
    m.record_count = j.at("record_count").get<std::uint64_t>();
    for (const auto& c : j.at("chunks"))
      m.chunks.push_back({c.at("index").get<std::uint32_t>(), c.at("records").get<std::uint64_t>(),
                          c.at("sha256").get<std::string>()});
    if (j.value("chunk_count", m.chunks.size()) != m.chunks.size())
      return {std::nullopt, SnapshotError{"manifest.chunk_count", "does not match the chunk list"}};
    m.checksum = j.at("checksum").get<std::string>();
    if (m.checksum != manifest_checksum(m.chunks))
      return {std::nullopt, SnapshotError{"manifest.checksum", "does not match the chunk hashes"}};
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < m.chunks.size(); ++i) {
      if (m.chunks[i].index != i)
        return {std::nullopt, SnapshotError{"manifest.chunks", "chunk indices must be 0..n-1 in order"}};
      sum += m.chunks[i].records;
    }
    if (sum != m.record_count)
      return {std::nullopt, SnapshotError{"manifest.record_count", "does not match the sum of chunk records"}};
    if (auto it = j.find("preference_model"); it != j.end()) {
      get_optional(*it, "categories", m.preference_model.categories);
      get_optional(*it, "p_age", m.preference_model.p_age_given_category);
      get_optional(*it, "p_gender", m.preference_model.p_gender_given_category);
    }
    return {std::move(m), std::nullopt};
  } catch (const json::exception& e) {
    return {std::nullopt, SnapshotError{"manifest", std::string("bad field: ") + e.what()}};
  }
}

SnapshotManifest write_snapshot(const std::filesystem::path& dir, const std::string& store_id, std::int64_t version,
                                const std::vector<CustomerProfile>& profiles, const PreferenceModel& model,
                                std::size_t chunk_records) {
  std::filesystem::create_directories(dir);
  SnapshotManifest m;
  m.store_id = store_id;
  m.version = version;
  m.record_count = profiles.size();
  m.preference_model = model;
  char ts[32];
  std::time_t now = std::time(nullptr);
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  m.created_at = ts;
  if (chunk_records == 0) chunk_records = kDefaultChunkRecords;
  for (std::size_t start = 0, idx = 0; start < profiles.size() || (profiles.empty() && idx == 0); ++idx) {
    std::string bytes;
    std::size_t end = std::min(profiles.size(), start + chunk_records);
    for (std::size_t i = start; i < end; ++i) bytes += encode_profile(profiles[i]) + "\n";
    std::ofstream(dir / chunk_file_name(static_cast<std::uint32_t>(idx)), std::ios::binary) << bytes;
    m.chunks.push_back({static_cast<std::uint32_t>(idx), end - start, sha256_hex(bytes)});
    start = end;
    if (profiles.empty()) break;
  }
  m.checksum = manifest_checksum(m.chunks);
  // The manifest is written last and renamed into place, so a reader never
  // sees a manifest whose chunks are still being written.
  std::ofstream(dir / "manifest.json.tmp", std::ios::binary) << encode_manifest(m);
  std::filesystem::rename(dir / "manifest.json.tmp", dir / "manifest.json");
  return m;
}

SnapshotResult<SnapshotManifest> verify_snapshot_dir(const std::filesystem::path& dir) {
  bool ok = false;
  std::string text = read_file(dir / "manifest.json", ok);
  if (!ok) return {std::nullopt, SnapshotError{(dir / "manifest.json").string(), "cannot read"}};
  auto m = decode_manifest(text);
  if (!m.ok()) return m;
  for (const auto& c : m.value->chunks) {
    auto file = dir / chunk_file_name(c.index);
    std::string bytes = read_file(file, ok);
    if (!ok) return {std::nullopt, SnapshotError{file.string(), "missing chunk"}};
    if (sha256_hex(bytes) != c.sha256) return {std::nullopt, SnapshotError{file.string(), "sha256 mismatch"}};
  }
  return m;
}

}  // namespace smartstore::models

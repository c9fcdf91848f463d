// staff.toml: the staff who may use the tablet API, as token hashes and PIN
// hashes. Every problem is reported at once with its line, so one edit fixes
// the file; a file with any problem loads nobody (half a staff list would
// lock out whoever's entry was dropped without saying so).
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "smartstore/edge/http/staff_auth.h"

namespace smartstore::edge::http {
namespace {

bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Problems found so far, each at "file:line: key".
struct Problems {
  std::string source;
  std::vector<FieldError> list;

  void add(std::int64_t line, const std::string& key, std::string message) {
    list.push_back(problem_at(source, line, key, std::move(message)));
  }
  void add(const toml::node& at, const std::string& key, std::string message) {
    add(at.source().begin.line, key, std::move(message));
  }
};

void read_field(const std::string& key, const toml::node& v, const std::string& path, StaffEntry& e,
                Problems& problems) {
  if (key == "pin_iterations") {
    auto n = v.value<std::int64_t>();
    if (!n || *n < 1000 || *n > 10'000'000)
      problems.add(v, path, "expected a whole number from 1000 to 10000000");
    else
      e.pin_iterations = static_cast<unsigned>(*n);
    return;
  }
  if (key == "role") {
    auto name = v.value<std::string>();
    auto role = name ? parse_role(*name) : std::nullopt;
    if (!role)
      problems.add(v, path, "expected \"staff\", \"till\" or \"display\"");
    else
      e.role = *role;
    return;
  }
  std::string* field = key == "id"             ? &e.id
                       : key == "token_sha256" ? &e.token_sha256
                       : key == "pin_hash"     ? &e.pin_hash
                       : key == "pin_salt"     ? &e.pin_salt
                                               : nullptr;
  auto s = v.value<std::string>();
  if (field == nullptr)
    problems.add(v, path, "unknown key");
  else if (!s)
    problems.add(v, path, "expected a string");
  else
    *field = *s;
}

void check_entry(const StaffEntry& e, const std::vector<StaffEntry>& earlier, std::int64_t line,
                 const std::string& prefix, Problems& problems) {
  if (e.id.empty() || e.id.size() > 64) problems.add(line, prefix + ".id", "expected 1-64 characters");
  if (!e.token_sha256.empty() && !is_hex64(e.token_sha256))
    problems.add(line, prefix + ".token_sha256", "expected 64 lower-case hex digits");
  if (!e.pin_hash.empty() && !is_hex64(e.pin_hash))
    problems.add(line, prefix + ".pin_hash", "expected 64 lower-case hex digits");
  if (!e.pin_hash.empty() && e.pin_salt.size() < 8)
    problems.add(line, prefix + ".pin_salt", "expected at least 8 characters with pin_hash");
  if (e.token_sha256.empty() && e.pin_hash.empty())
    problems.add(line, prefix, "needs token_sha256 or pin_hash");
  for (const auto& other : earlier)
    if (other.id == e.id) problems.add(line, prefix + ".id", "duplicate \"" + e.id + "\"");
}

std::vector<StaffEntry> read_staff(const toml::table& root, Problems& problems) {
  for (auto&& [k, v] : root)
    if (k.str() != "staff") problems.add(v, std::string(k.str()), "unknown key");
  std::vector<StaffEntry> staff;
  const toml::array* list = root["staff"].as_array();
  if (!list) {
    if (root.contains("staff")) problems.add(*root.get("staff"), "staff", "expected [[staff]] tables");
    return staff;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string prefix = "staff[" + std::to_string(i) + "]";
    const toml::table* t = (*list)[i].as_table();
    if (!t) {
      problems.add((*list)[i], prefix, "expected a table");
      continue;
    }
    StaffEntry e;
    for (auto&& [k, v] : *t)
      read_field(std::string(k.str()), v, prefix + "." + std::string(k.str()), e, problems);
    check_entry(e, staff, t->source().begin.line, prefix, problems);
    staff.push_back(std::move(e));
  }
  return staff;
}

}  // namespace

Result<std::vector<StaffEntry>> parse_staff_toml(std::string_view text, std::string_view source_name) {
  Problems problems{std::string(source_name), {}};
  std::vector<StaffEntry> staff;
  try {
    staff = read_staff(toml::parse(text, source_name), problems);
  } catch (const toml::parse_error& e) {
    problems.add(e.source().begin.line, "", std::string(e.description()));
  }
  if (problems.list.empty()) return staff;
  return fail(problems_in(problems.source, std::move(problems.list), "staff"));
}

Result<std::vector<StaffEntry>> load_staff_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, file.string() + ": cannot read", "staff");
  std::stringstream s;
  s << in.rdbuf();
  return parse_staff_toml(s.str(), file.string());
}

}  // namespace smartstore::edge::http

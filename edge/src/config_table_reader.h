#pragma once
// The kiosk.toml reader's walk over one table, kept apart from the sections
// it reads (kiosk_config.cpp) so that file stays a list of sections.
#include <toml++/toml.h>

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "smartstore/common/error.h"

namespace smartstore::edge::config {

// Walks one TOML table, remembering which keys were read so that whatever is
// left over can be reported as unknown: a typo must not silently fall back to
// a default on a kiosk nobody watches.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string path, std::string file, std::vector<FieldError>& errors)
      : table_(table), path_(std::move(path)), file_(std::move(file)), errors_(errors) {}

  bool present() const { return table_ != nullptr; }

  template <typename T>
  void read(std::string_view key, T& out, bool required = false);

  void read_ms(std::string_view key, std::chrono::milliseconds& out, long long min, long long max) {
    long long v = out.count();
    read_int(key, v, min, max);
    out = std::chrono::milliseconds(v);
  }

  void read_int(std::string_view key, long long& out, long long min, long long max, bool required = false) {
    const toml::node* n = find(key, required);
    if (n == nullptr) return;
    // Only ask an integer node: toml++ converts a float to int64_t with a plain cast,
    // undefined for 7.7e20 (the kiosk_config fuzzer found it).
    if (!n->is_integer()) return fail(n, key, "expected an integer");
    auto v = n->value<int64_t>();
    if (!v) return fail(n, key, "expected an integer");
    if (*v < min || *v > max) {
      return fail(n, key,
                  "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                      ", got " + std::to_string(*v));
    }
    out = *v;
  }

  template <typename E>
  void read_enum(std::string_view key, E& out,
                 std::initializer_list<std::pair<std::string_view, E>> choices) {
    const toml::node* n = find(key, false);
    if (n == nullptr) return;
    std::string allowed;
    for (auto& [name, value] : choices) {
      if (n->is_string() && n->value<std::string>() == name) {
        out = value;
        return;
      }
      allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    }
    fail(n, key, "expected one of " + allowed);
  }

  const toml::node* find(std::string_view key, bool required) {
    seen_.insert(std::string(key));
    const toml::node* n = table_ ? table_->get(key) : nullptr;
    if (n == nullptr && required) {
      errors_.push_back(
          problem_at(file_, table_ ? table_->source().begin.line : 0, full(key), "required key is missing"));
    }
    return n;
  }

  TableReader sub(std::string_view key) {
    const toml::node* n = find(key, false);
    if (n != nullptr && !n->is_table()) fail(n, key, "expected a table");
    return TableReader(n ? n->as_table() : nullptr, full(key), file_, errors_);
  }

  // Unknown keys are errors; call once all reads are done.
  void finish() {
    if (table_ == nullptr) return;
    for (auto&& [k, v] : *table_) {
      if (!seen_.contains(std::string(k.str()))) {
        errors_.push_back(problem_at(file_, v.source().begin.line, full(k.str()), "unknown key"));
      }
    }
  }

  void fail(const toml::node* n, std::string_view key, std::string message) {
    errors_.push_back(problem_at(file_, n ? n->source().begin.line : 0, full(key), std::move(message)));
  }

  std::string full(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  TableReader child(const toml::table* table, std::string path) const {
    return TableReader(table, std::move(path), file_, errors_);
  }

 private:
  const toml::table* table_;
  std::string path_;
  std::string file_;
  std::vector<FieldError>& errors_;
  std::set<std::string> seen_;
};

template <>
inline void TableReader::read<std::string>(std::string_view key, std::string& out, bool required) {
  const toml::node* n = find(key, required);
  if (n == nullptr) return;
  if (!n->is_string()) return fail(n, key, "expected a string");
  out = *n->value<std::string>();
}

template <>
inline void TableReader::read<std::filesystem::path>(std::string_view key, std::filesystem::path& out,
                                                     bool required) {
  std::string s = out.string();
  read(key, s, required);
  out = s;
}

template <>
inline void TableReader::read<bool>(std::string_view key, bool& out, bool required) {
  const toml::node* n = find(key, required);
  if (n == nullptr) return;
  if (!n->is_boolean()) return fail(n, key, "expected true or false");
  out = *n->value<bool>();
}

}  // namespace smartstore::edge::config

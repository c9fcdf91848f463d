#pragma once
// The kiosk's copy of HQ's customer profiles: two tables, one active (the
// other is where a snapshot is staged, see DownlinkApplier), and the aliases
// HQ sends when members merge or cards are reissued. Each call is one step
// under the store's lock.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/models/profile.h"

namespace smartstore::edge::store {

class StoreDatabase;

class ProfileCache final {
 public:
  explicit ProfileCache(StoreDatabase& db);
  ProfileCache(const ProfileCache&) = delete;
  ProfileCache& operator=(const ProfileCache&) = delete;

  // What a member scan reads first: the profile (aliases followed) and
  // whether HQ listed the member (the surviving key) as having withdrawn
  // marketing consent (DownlinkApplier::withdraw_consent).
  struct Member {
    std::optional<models::CustomerProfile> profile;  // nullopt when not cached
    bool consent_withdrawn = false;
  };
  // One statement for a key with no alias, the usual case.
  [[nodiscard]] Member find_member(const std::string& member_key);
  // Follows aliases to the surviving key; nullopt when not cached.
  [[nodiscard]] std::optional<models::CustomerProfile> find(const std::string& member_key);
  [[nodiscard]] std::string resolve_alias(const std::string& member_key);
  [[nodiscard]] std::uint64_t count();
  // Bulk load for benchmarks and tests: replaces the active table's rows in one transaction.
  [[nodiscard]] Status load(const std::vector<models::CustomerProfile>& profiles);
  // HQ's preference model of the active snapshot; nullopt before the first.
  [[nodiscard]] std::optional<models::PreferenceModel> preference_model();

 private:
  friend class DownlinkApplier;  // stages, flips and edits the tables
  friend class NoteBook;         // writes the locally learned preferences back
  // "profiles_a" | "profiles_b"
  [[nodiscard]] const std::string& active_table() const { return active_; }
  [[nodiscard]] std::string staging_table() const;
  // Inside the caller's transaction.
  void put(const std::string& table, const models::CustomerProfile& p);
  // After the commit that recorded the flip.
  void activate(std::string table) { active_ = std::move(table); }

  StoreDatabase& db_;
  std::string active_;
};

}  // namespace smartstore::edge::store

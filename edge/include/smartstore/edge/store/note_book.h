#pragma once
// Staff notes about a member's visit: each stored with its outbox row and the
// local learning (the sold items raise the member's cached preferences, so the
// next scan reflects them before HQ's next snapshot), in one transaction.
// Each call is one step under the store's lock.
#include <cstdint>
#include <string>
#include <vector>

#include "smartstore/common/result.h"
#include "smartstore/edge/kiosk_service.h"

namespace smartstore::edge::store {

class StoreDatabase;
class Outbox;
class ProfileCache;
class Catalog;
struct StoreOptions;

class NoteBook final {
 public:
  NoteBook(StoreDatabase& db, Outbox& outbox, ProfileCache& profiles, Catalog& catalog,
           const StoreOptions& options)
      : db_(db), outbox_(outbox), profiles_(profiles), catalog_(catalog), options_(options) {}
  NoteBook(const NoteBook&) = delete;
  NoteBook& operator=(const NoteBook&) = delete;

  // A repeated idempotency key returns the stored note (replayed = true)
  // when the same staff member sends the same note for the same member;
  // otherwise it fails with conflict and nothing is stored or shown.
  // Fails with outbox_full or a storage kind; nothing stored then.
  [[nodiscard]] Result<RecordedNote> record_note(const std::string& member_key, const StaffNote& note,
                                                 const std::string& staff_id,
                                                 const std::string& idempotency_key, Clock::time_point now);
  // Newest first.
  [[nodiscard]] std::vector<StoredNote> recent_notes(const std::string& member_key, std::size_t n);

 private:
  friend class KioskStore;  // counters
  // Inside record_note's transaction.
  void learn_from_note(const std::string& member_key, const StaffNote& note);

  StoreDatabase& db_;
  Outbox& outbox_;
  ProfileCache& profiles_;
  Catalog& catalog_;
  const StoreOptions& options_;
  std::uint64_t stored_ = 0;
};

}  // namespace smartstore::edge::store

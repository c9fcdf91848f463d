#pragma once
// What stores sent, folded into the batch (store_events.h has the rules):
// erased members leave the tables before anything is computed from them;
// items sold in staff notes join the purchase counts the preference index
// reads; deliberation time joins the behaviour type; the rest goes onto each
// profile as it is written.
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "batch_state.h"
#include "preference_table.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/store_events.h"

namespace smartstore::models::batch {

// The --events, --erased and --withdrawn files (any may be unnamed: then
// empty); the events on up to `threads` threads.
struct StoreInputs {
  StoreEvents events;
  std::unordered_set<std::string> erased, withdrawn;
};
Result<StoreInputs> read_store_inputs(const BatchInputs& in, unsigned threads);

// Drops every customer whose member key is in `erased` from the customers,
// purchases and sessions (customer ids renumbered) and from `keys`, the
// member keys of customer_order(tables), so they stay the keys of the
// customers build_facts numbers. Returns how many were dropped.
std::uint64_t erase_members(Tables& tables, const std::unordered_set<std::string>& erased,
                            std::vector<std::string>& keys);

inline constexpr std::uint32_t kNoMember = UINT32_MAX;

struct EventFold {
  const StoreEvents* events = nullptr;
  std::vector<std::uint32_t> member_of;  // per customer: its StoreEvents member, or kNoMember
  std::vector<std::uint32_t> customers;  // those with a member, ascending
  // What the fold did, as the run reports it (`erased` is the caller's to fill).
  StoreEventsOutcome counts;
  // Category ids (Facts::categories) per StoreEvents code, the code read as
  // a category name and as a product code; -1 for none.
  std::vector<std::int32_t> code_category, product_category;
  std::vector<std::uint32_t> product_id;         // per code: PurchaseTable::products id, or kNoMember
  std::shared_ptr<const PreferenceTable> table;  // set by fold_scores
  // Members who withdrew marketing consent (StoreInputs::withdrawn): consent
  // false whatever else the profile says; may be null.
  const std::unordered_set<std::string>* withdrawn = nullptr;
};

EventFold index_events(const StoreEvents& events, const std::vector<std::string>& keys, const Tables& tables,
                       const Facts& f);

// Sold items into f.counts, each unless the till has the same member buying
// the same product (or, for an item noted by category, any product of that
// category) on the note's day: then the till's line is that purchase.
void fold_sold_items(const Tables& tables, Facts& f, EventFold& fold);

// combined_behaviour() for every member staff timed; the interest index's table.
void fold_scores(EventFold& fold, const DeliberationRule& rule, Scores& s);

// The favourite category members answered in a store's survey, by member
// key: a store's answer is the member's latest.
void add_survey_answers(const EventFold& fold, const std::vector<std::string>& keys,
                        std::unordered_map<std::string, std::string>& favourite);

// Consent withdrawal, channel, interest index, deliberation and coupon features onto the profile.
void apply_events(const EventFold& fold, const Facts& f, const Scores& s, std::uint32_t c,
                  CustomerProfile& p);

}  // namespace smartstore::models::batch

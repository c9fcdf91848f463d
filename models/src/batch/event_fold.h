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

#include "batch_state.h"
#include "preference_table.h"
#include "smartstore/models/profile_batch.h"
#include "smartstore/models/store_events.h"

namespace smartstore::models::batch {

// The --events, --erased and --withdrawn files (any may be unnamed: then empty).
struct StoreInputs {
  StoreEvents events;
  std::unordered_set<std::string> erased, withdrawn;
};
Result<StoreInputs> read_store_inputs(const BatchInputs& in);

// Drops every customer whose member key is in `erased` from the customers,
// purchases and sessions (customer ids renumbered) and from `keys`, the
// member keys of customer_order(tables), so they stay the keys of the
// customers build_facts numbers. Returns how many were dropped.
std::uint64_t erase_members(Tables& tables, const std::unordered_set<std::string>& erased,
                            std::vector<std::string>& keys);

struct EventFold {
  std::unordered_map<std::uint32_t, const MemberEvents*> by_customer;
  // What the fold did, as the run reports it (`erased` is the caller's to fill).
  StoreEventsOutcome counts;
  // Category ids (Facts::categories) by category name and by product code:
  // views into the tables and facts.
  std::unordered_map<std::string_view, std::int32_t> category_id, product_category;
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

// Consent withdrawal, channel, interest index, deliberation and coupon features onto the profile.
void apply_events(const EventFold& fold, const Facts& f, const Scores& s, std::uint32_t c,
                  CustomerProfile& p);

}  // namespace smartstore::models::batch

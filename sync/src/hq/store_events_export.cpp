// store-events.csv from HQ's event store: staff_note events become one row per
// item, deliberation and survey answer; coupon_issued and coupon_redeemed one
// row each. Rows are written while the events are read, so HQ's millions of
// events never sit in memory at once.
#include "smartstore/sync/store_events_export.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>

#include "hq/csv_cell.h"
#include "hq/hq_store.h"
#include "smartstore/common/private_file.h"
#include "smartstore/models/member_key.h"

namespace smartstore::sync {
namespace {

using detail::csv_cell;
using nlohmann::json;

constexpr const char* kOrigin = "hq store-events";
constexpr const char* kHeader =
    "type,member_key,day,store_id,event_id,coupon_id,product_code,category,quantity,value,text\n";
constexpr std::size_t kFlushBytes = 1 << 20;

Failure bad_event(const detail::StoredEvent& e, const char* type, const std::string& what) {
  return fail(ErrorKind::invalid_input,
              "store " + e.store_id + " " + type + " event " + e.event_id + ": " + what, kOrigin);
}

std::string number(double v) {
  char text[32];
  const auto r = std::to_chars(text, text + sizeof text, v);
  return std::string(text, r.ptr);
}

// The row's cells after type and member key, with what is common to every row.
struct Row {
  std::string coupon_id, product_code, category, quantity, value, text;
};

class EventsCsv {
 public:
  explicit EventsCsv(PrivateFile file) : file_(std::move(file)) { buf_ = kHeader; }

  Status add(const char* type, const std::string& member, const detail::StoredEvent& e, const Row& r) {
    buf_ += type;
    for (const std::string* c : {&member, &e.day, &e.store_id, &e.event_id, &r.coupon_id, &r.product_code,
                                 &r.category, &r.quantity, &r.value, &r.text}) {
      buf_ += ',';
      buf_ += csv_cell(*c);
    }
    buf_ += '\n';
    ++rows_;
    return buf_.size() < kFlushBytes ? ok() : flush();
  }
  Status flush() {
    auto written = file_.write(buf_);
    buf_.clear();
    return written;
  }
  Status close() {
    if (auto flushed = flush(); !flushed) return flushed;
    return file_.close();
  }
  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  PrivateFile file_;
  std::string buf_;
  std::uint64_t rows_ = 0;
};

std::string text_of(const json& j, const char* key) {
  auto f = j.find(key);
  return f != j.end() && f->is_string() ? f->get<std::string>() : std::string();
}

Result<json> payload_of(const detail::StoredEvent& e, const char* type) {
  auto p = json::parse(e.payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return bad_event(e, type, "payload is not a JSON object");
  return p;
}

// One note item as a sold, shown or considered row.
Result<Row> item_row(const json& item, const detail::StoredEvent& e) {
  if (!item.is_object()) return bad_event(e, "staff_note", "an item is not an object");
  Row r;
  r.product_code = text_of(item, "product_code");
  r.category = text_of(item, "category");
  if (r.product_code.empty() && r.category.empty())
    return bad_event(e, "staff_note", "an item has neither product_code nor category");
  const auto q = item.find("quantity");
  const std::int64_t quantity = q != item.end() && q->is_number_integer() ? q->get<std::int64_t>() : 1;
  if (quantity < 1) return bad_event(e, "staff_note", "an item has quantity < 1");
  r.quantity = std::to_string(quantity);
  const auto price = item.find("price_krw");
  r.value =
      std::to_string(price != item.end() && price->is_number_integer() ? price->get<std::int64_t>() : 0);
  return r;
}

// The note's rows: items (sold or shown), considered items, deliberation, survey.
Status note_rows(const detail::StoredEvent& e, EventsCsv& out, StoreEventsExportStats& stats) {
  auto p = payload_of(e, "staff_note");
  if (!p) return p.error();
  ++stats.notes;
  const std::string member = text_of(*p, "member_key");
  const auto note = p->find("note");
  if (note == p->end() || !note->is_object()) return bad_event(e, "staff_note", "payload has no note");
  if (member.empty()) {
    ++stats.unattached;
    return ok();
  }
  if (!models::is_member_key(member)) {  // erased: HQ or the kiosk replaced the key
    ++stats.erased;
    return ok();
  }
  for (const char* list : {"items", "considered"}) {
    const auto items = note->find(list);
    if (items == note->end()) continue;
    if (!items->is_array()) return bad_event(e, "staff_note", std::string("note.") + list + " is not a list");
    for (const auto& item : *items) {
      auto row = item_row(item, e);
      if (!row) return row.error();
      const bool considered = std::string_view(list) == "considered";
      const auto sold = item.find("sold");
      const bool was_sold = sold != item.end() && sold->is_boolean() && sold->get<bool>();
      const char* type = considered ? "considered" : was_sold ? "sold" : "shown";
      if (auto added = out.add(type, member, e, *row); !added) return added;
    }
  }
  if (const auto d = note->find("deliberation_min"); d != note->end() && !d->is_null()) {
    if (!d->is_number() || d->get<double>() < 0)
      return bad_event(e, "staff_note", "note.deliberation_min is not a number of minutes >= 0");
    if (auto added = out.add("deliberation", member, e, Row{{}, {}, {}, {}, number(d->get<double>()), {}});
        !added)
      return added;
  }
  if (const auto s = note->find("survey"); s != note->end() && s->is_object()) {
    Row r;
    r.category = text_of(*s, "favourite_category");
    r.text = text_of(*s, "preferred_channel");
    if (auto added = out.add("survey", member, e, r); !added) return added;
  }
  return ok();
}

// coupon_issued: coupon, category, discount and title; coupon_redeemed: the
// coupon (its member key may be empty: the batch joins it to the issue).
Status coupon_row(const detail::StoredEvent& e, const char* type, EventsCsv& out,
                  StoreEventsExportStats& stats) {
  auto p = payload_of(e, type);
  if (!p) return p.error();
  Row r;
  r.coupon_id = text_of(*p, "coupon_id");
  if (r.coupon_id.empty()) return bad_event(e, type, "payload has no coupon_id");
  const bool issued = std::string_view(type) == "coupon_issued";
  std::string member = text_of(*p, "member_key");
  if (!member.empty() && !models::is_member_key(member)) {  // erased: HQ or the kiosk replaced the key
    ++stats.erased;
    if (issued) return ok();
    member.clear();  // a redemption still counts against its coupon's issue
  }
  ++(issued ? stats.issued : stats.redeemed);
  if (issued) {
    r.category = text_of(*p, "category");
    r.product_code = text_of(*p, "offer_id");
    const auto d = p->find("discount_krw");
    r.value = std::to_string(d != p->end() && d->is_number_integer() ? d->get<std::int64_t>() : 0);
    r.text = text_of(*p, "title");
  }
  return out.add(type, member, e, r);
}

Status export_all(detail::HqStore& store, EventsCsv& out, StoreEventsExportStats& stats) {
  std::optional<Error> failed;
  store.each_event("staff_note", [&](const detail::StoredEvent& e) {
    if (failed) return;
    if (auto rows = note_rows(e, out, stats); !rows) failed = rows.error();
  });
  for (const char* type : {"coupon_issued", "coupon_redeemed"}) {
    store.each_event(type, [&](const detail::StoredEvent& e) {
      if (failed) return;
      if (auto row = coupon_row(e, type, out, stats); !row) failed = row.error();
    });
  }
  if (failed) return *failed;
  return ok();
}

}  // namespace

Result<StoreEventsExportStats> export_store_events(const std::string& db, const std::filesystem::path& out) {
  // Written beside and renamed over `out`: a failed export leaves no half file
  // for the batch to read as if it were whole.
  const std::filesystem::path partial = out.string() + ".partial";
  auto file = PrivateFile::create(partial);
  if (!file) return file.error();
  EventsCsv csv(std::move(*file));
  StoreEventsExportStats stats;
  Status exported = ok();
  try {
    auto store = detail::open_hq_store(db, true);
    exported = export_all(*store, csv, stats);
  } catch (const std::exception& e) {
    exported = fail(ErrorKind::unavailable,
                    detail::db_for_logs(db) + ": not a readable HQ database (" + e.what() + ")", kOrigin);
  }
  if (exported) exported = csv.close();
  std::error_code ec;
  if (exported) {
    std::filesystem::rename(partial, out, ec);
    if (ec)
      exported = fail(ErrorKind::storage_io, "cannot write " + out.string() + ": " + ec.message(), kOrigin);
  }
  if (!exported) {
    std::filesystem::remove(partial, ec);
    return exported.error();
  }
  stats.rows = csv.rows();
  return stats;
}

}  // namespace smartstore::sync

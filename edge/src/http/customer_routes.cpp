// The profile card staff look up, the notes they record about a visit, and a
// customer's requests to be forgotten or to get no more marketing.
#include <algorithm>

#include <spdlog/spdlog.h>

#include "routes.h"
#include "smartstore/edge/http/api_router.h"
#include "smartstore/edge/http/note_body.h"
#include "view_json.h"

namespace smartstore::edge::http {
namespace {

ApiResponse not_a_member_code() {
  return error_response(ErrorKind::not_found, "not_a_member_code",
                        "not a valid membership number or member code");
}

bool valid_idempotency_key(const std::string& k) {
  return !k.empty() && k.size() <= 128 && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '_' || c == ':' || c == '.';
  });
}

ApiResponse invalid_note(std::vector<smartstore::FieldError> fields) {
  return error_response(ErrorKind::invalid_input, "invalid_note",
                        "the note has bad fields; nothing was stored", std::move(fields));
}

ApiResponse get_customer(ApiContext& api, const RouteCall& call) {
  const auto& member = call.params[0];
  auto view = api.kiosk.customer(member, api.options.wall_clock());
  if (!view) return not_a_member_code();
  return json_response(200, to_json(*view, mask_member_number(member)));
}

ApiResponse post_note(ApiContext& api, const RouteCall& call) {
  if (auto refused = refuse_unless_json(call.request)) return std::move(*refused);
  auto key = call.request.header("idempotency-key");
  std::vector<smartstore::FieldError> fields;
  if (key.empty())
    fields.push_back({"Idempotency-Key", "required: one unique key per note, reused on retries"});
  else if (!valid_idempotency_key(key))
    fields.push_back({"Idempotency-Key", "expected 1-128 of A-Z a-z 0-9 - _ : ."});
  auto parsed = parse_note_body(call.request.body);
  if (!parsed)
    for (const auto& f : parsed.error().fields()) fields.push_back(f);
  if (!fields.empty()) return invalid_note(std::move(fields));
  auto recorded =
      api.kiosk.record_note(call.params[0], *parsed, call.staff_id, key, api.options.wall_clock());
  if (!recorded && recorded.error().kind() == ErrorKind::invalid_input)
    return invalid_note(recorded.error().fields());
  if (!recorded && recorded.error().kind() == ErrorKind::conflict)
    return error_response(recorded.error(), "idempotency_key_reused");
  if (!recorded) {
    spdlog::warn("http: note not stored: {}", recorded.error().describe());
    return error_response(recorded.error());
  }
  auto r = json_response(recorded->replayed ? 200 : 201, to_json(recorded->stored));
  r.headers.emplace_back("Location", "/api/v1/notes/" + recorded->stored.event_id);
  if (recorded->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
  return r;
}

// A request the customer made in person that nothing undoes: {"confirm":
// true} says staff confirmed it (the page asks first). `act` is the kiosk's
// step; the answer masks the member and names what was done.
ApiResponse confirmed_member_request(
    const RouteCall& call, const char* unconfirmed, const char* done,
    const std::function<Result<std::string>(const std::string& member, const std::string& staff)>& act) {
  if (auto refused = refuse_unless_json(call.request)) return std::move(*refused);
  auto body = json_object(call.request.body);
  if (!body) return error_response(body.error());
  auto confirm = body->find("confirm");
  if (confirm == body->end() || !confirm->is_boolean() || !confirm->get<bool>())
    return error_response(ErrorKind::invalid_input, "confirmation_required", unconfirmed,
                          {{"confirm", "expected true"}});
  auto acted = act(call.params[0], call.staff_id);
  if (!acted && acted.error().kind() == ErrorKind::invalid_input) return not_a_member_code();
  if (!acted) {
    spdlog::warn("http: {} not done: {}", done, acted.error().describe());
    return error_response(acted.error());
  }
  // The key is not shown: staff have the card; the key is the store's.
  return json_response(200, {{"member", mask_member_number(call.params[0])}, {done, true}});
}

ApiResponse post_erasure(ApiContext& api, const RouteCall& call) {
  return confirmed_member_request(call, "nothing was erased: confirm that the customer asked to be forgotten",
                                  "erased", [&](const std::string& member, const std::string& staff) {
                                    return api.kiosk.forget_member(member, staff, api.options.wall_clock());
                                  });
}

// The customer withdrew marketing consent: no personalized coupon here from
// now on, and HQ lists them for every store.
ApiResponse post_consent_withdrawal(ApiContext& api, const RouteCall& call) {
  return confirmed_member_request(
      call, "nothing was recorded: confirm that the customer withdrew marketing consent", "consent_withdrawn",
      [&](const std::string& member, const std::string& staff) {
        return api.kiosk.withdraw_consent(member, staff, api.options.wall_clock());
      });
}

}  // namespace

std::vector<Route> customer_routes(ApiContext& api) {
  return {
      {"GET", "/api/v1/customers/{member}", Access::for_roles({Role::staff}),
       [&api](const RouteCall& c) { return get_customer(api, c); }},
      {"POST", "/api/v1/customers/{member}/notes", Access::for_roles({Role::staff}),
       [&api](const RouteCall& c) { return post_note(api, c); }},
      {"POST", "/api/v1/customers/{member}/erasure", Access::for_roles({Role::staff}),
       [&api](const RouteCall& c) { return post_erasure(api, c); }},
      {"POST", "/api/v1/customers/{member}/consent-withdrawal", Access::for_roles({Role::staff}),
       [&api](const RouteCall& c) { return post_consent_withdrawal(api, c); }},
  };
}

}  // namespace smartstore::edge::http

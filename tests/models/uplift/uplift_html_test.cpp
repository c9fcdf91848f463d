#include <doctest/doctest.h>

#include <vector>

#include "smartstore/models/uplift_output.h"

namespace smartstore::models {
namespace {

UpliftCell cell(const std::string& offer, double shift) {
  // Treated spend shifted by `shift` against the same control spend.
  std::vector<UpliftObservation> obs;
  for (int i = 0; i < 40; ++i) {
    UpliftObservation o;
    o.treated = i % 2 == 0;
    o.spend_krw = 1000 + (i % 7) * 10 + (o.treated ? shift : 0);
    obs.push_back(o);
  }
  return {"demo", offer, "*", 20, 20, *estimate_uplift(obs), ""};
}

TEST_CASE("uplift_html_draws_each_interval_against_zero_and_escapes_names") {
  UpliftReport r;
  r.cells = {cell("works<b>", 200),
             cell("hurts", -200),
             cell("nothing", 0),
             {"demo", "tiny", "*", 1, 1, std::nullopt, "too few"}};
  const std::string h = uplift_html_section(r);
  CHECK(h.find("<section class=\"uplift\">") == 0);
  CHECK(h.find("works&lt;b&gt;") != std::string::npos);
  CHECK(h.find("works<b>") == std::string::npos);
  // One drawn interval per estimated cell: green above 0, red below, grey across.
  std::size_t drawn = 0;
  for (auto at = h.find("class=\"ci\""); at != std::string::npos; at = h.find("class=\"ci\"", at + 1))
    ++drawn;
  CHECK(drawn == 3);
  CHECK(h.find("#2e7d32") != std::string::npos);
  CHECK(h.find("#c62828") != std::string::npos);
  CHECK(h.find("#777") != std::string::npos);
  CHECK(h.find("too few members to compare") != std::string::npos);
  const std::string page = uplift_html_page(r);
  CHECK(page.find("<!doctype html>") == 0);
  CHECK(page.find(h) != std::string::npos);
}

}  // namespace
}  // namespace smartstore::models

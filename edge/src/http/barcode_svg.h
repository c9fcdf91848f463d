#pragma once
// Coupon codes drawn as SVG for the entrance screen and the till: the server
// draws them with ZXing's writer so the pages need no encoder, build step or
// CDN, and the symbol is the same one the scanner library reads back.
#include <optional>
#include <string>
#include <string_view>

#include "smartstore/common/result.h"

namespace smartstore::edge::http {

enum class BarcodeSymbology { qr, code128 };

// "qr" | "code128" (case-sensitive, as in the query string); nullopt otherwise.
[[nodiscard]] std::optional<BarcodeSymbology> parse_symbology(std::string_view name);

struct BarcodeSvg {
  std::string svg;
  int modules_wide = 0;  // symbol width in modules, quiet zone included
  int modules_high = 0;
};

// One <rect> per run of dark modules, crispEdges, viewBox in module units and
// the quiet zone included, so any integer scale draws a scannable symbol.
// Fails with unsupported naming why the text cannot be drawn (too long, not
// printable ASCII for Code 128).
[[nodiscard]] Result<BarcodeSvg> render_barcode_svg(std::string_view text, BarcodeSymbology symbology);

}  // namespace smartstore::edge::http

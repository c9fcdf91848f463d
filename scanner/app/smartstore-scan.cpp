// smartstore-scan FILE...: the technician's diagnostic on captured frames.
// One JSON line per code found; exit 0 when anything was found, 1 when not,
// 2 on usage errors, 3 when nothing was found and a file could not be read.
#include "smartstore/scanner/decoder.h"
#include "smartstore/scanner/payload.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {
using namespace smartstore::scanner;

constexpr const char* kUsage =
    "usage: smartstore-scan [--raw] [--member-length N] [--check none|luhn|gs1] [--no-retries] FILE...\n"
    "Decodes QR, Code 128, EAN-13/8, PDF417 and Data Matrix codes in PNG, JPEG and WebP files and\n"
    "prints one JSON line per code: file, format, text, payload, reason, position, decode_ms, pass.\n"
    "Membership numbers are masked (8710********3459) and long digit runs of unrecognised codes too,\n"
    "unless --raw is given: then the text is printed exactly as decoded. Do not paste --raw output\n"
    "into tickets or logs. Exit status: 0 something found, 1 nothing found, 2 usage error,\n"
    "3 nothing found and some file unreadable (the reason is on stderr).\n";

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

std::string printable_text(const DecodedCode& code, const Payload& payload, bool raw) {
  if (raw) return code.text;
  if (const auto* card = std::get_if<MemberCard>(&payload)) return card->masked();
  if (std::holds_alternative<UnknownCode>(payload)) return mask_digit_runs(code.text);
  return code.text;
}

}  // namespace

int main(int argc, char** argv) {
  bool raw = false;
  PayloadRules rules;
  DecodeOptions options;
  options.pdf417 = options.data_matrix = true;
  options.max_codes = 8;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "smartstore-scan: " << arg << " needs a value\n" << kUsage;
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--raw") {
      raw = true;
    } else if (arg == "--no-retries") {
      options.retry_inverted = options.retry_contrast = options.retry_pyramid = false;
    } else if (arg == "--member-length") {
      const std::string v = value();
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (*end || n < 4 || n > 32) {
        std::cerr << "smartstore-scan: --member-length must be 4..32\n";
        return 2;
      }
      rules.member.length = static_cast<std::size_t>(n);
    } else if (arg == "--check") {
      const std::string v = value();
      if (v == "none") rules.member.check_digit = CheckDigitScheme::none;
      else if (v == "luhn") rules.member.check_digit = CheckDigitScheme::luhn;
      else if (v == "gs1") rules.member.check_digit = CheckDigitScheme::gs1_mod10;
      else {
        std::cerr << "smartstore-scan: --check must be none, luhn or gs1\n";
        return 2;
      }
    } else if (!arg.empty() && arg[0] == '-' && arg != "-") {
      std::cerr << "smartstore-scan: unknown option " << arg << "\n" << kUsage;
      return 2;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const FrameDecoder decoder(options);
  bool found = false, unreadable = false;
  for (const auto& file : files) {
    auto load = load_image_file(file);
    if (!load) {
      std::cerr << "smartstore-scan: " << file << ": " << load.error().message() << "\n";
      unreadable = true;
      continue;
    }
    const auto report = decoder.decode(*load);
    if (!report) continue;  // a loaded image always fits
    for (const auto& code : report->codes) {
      found = true;
      const Payload payload = parse_payload(code.text, rules);
      std::string line = "{\"file\":" + json_string(file) + ",\"format\":" + json_string(code.format) +
                         ",\"text\":" + json_string(printable_text(code, payload, raw)) +
                         ",\"payload\":" + json_string(payload_type(payload));
      if (const auto* u = std::get_if<UnknownCode>(&payload)) line += ",\"reason\":" + json_string(to_string(u->reason));
      line += ",\"position\":[";
      for (std::size_t i = 0; i < code.corners.size(); ++i)
        line += (i ? ",[" : "[") + std::to_string(code.corners[i].x) + "," + std::to_string(code.corners[i].y) + "]";
      char ms[32];
      std::snprintf(ms, sizeof ms, "%.3f", code.decode_ms);
      line += "],\"decode_ms\":" + std::string(ms) + ",\"pass\":" + json_string(code.pass) + "}";
      std::cout << line << "\n";
    }
  }
  if (found) return 0;
  return unreadable ? 3 : 1;
}

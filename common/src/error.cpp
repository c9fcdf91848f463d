#include "smartstore/common/error.h"

namespace smartstore {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return "invalid_input";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::conflict:
      return "conflict";
    case ErrorKind::unauthorized:
      return "unauthorized";
    case ErrorKind::forbidden:
      return "forbidden";
    case ErrorKind::rate_limited:
      return "rate_limited";
    case ErrorKind::outbox_full:
      return "outbox_full";
    case ErrorKind::storage_full:
      return "storage_full";
    case ErrorKind::storage_read_only:
      return "storage_read_only";
    case ErrorKind::storage_io:
      return "storage_io";
    case ErrorKind::unavailable:
      return "unavailable";
    case ErrorKind::unsupported:
      return "unsupported";
    case ErrorKind::internal:
      return "internal";
  }
  return "internal";
}

bool is_storage_refusal(ErrorKind kind) {
  return kind == ErrorKind::outbox_full || kind == ErrorKind::storage_full ||
         kind == ErrorKind::storage_read_only || kind == ErrorKind::storage_io;
}

Error Error::context(std::string_view what) const {
  Error e(kind_, std::string(what) + ": " + message_, origin_);
  e.fields_ = fields_;
  return e;
}

std::string Error::describe() const {
  std::string s;
  if (!origin_.empty()) s.append(origin_).append(": ");
  s.append(to_string(kind_)).append(": ").append(message_);
  return s;
}

std::vector<std::string> problem_lines(const Error& error) {
  std::vector<std::string> lines;
  for (const auto& f : error.fields()) lines.push_back(f.field + ": " + f.message);
  if (lines.empty()) lines.push_back(error.message());
  return lines;
}

}  // namespace smartstore

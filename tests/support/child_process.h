#pragma once
// A program the test starts and controls: stderr/stdout go to a log file the
// test can poll, signals can be sent, and the destructor kills what is left.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace smartstore::testing {

class ChildProcess {
 public:
  ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
               const std::filesystem::path& log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const { return pid_; }
  void signal(int signo) const;
  // Exit status (or 128 + signal) once the process ends, or -1 on timeout.
  int wait(std::chrono::milliseconds timeout);
  bool running();
  std::string log() const;
  // Polls the log until it contains `text`; false on timeout or early exit.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout);

 private:
  int pid_ = -1;
  int status_ = -1;
  std::filesystem::path log_file_;
};

// A field of /proc/PID/status in MiB ("VmRSS:", "VmHWM:"); 0 when absent.
double proc_status_mib(int pid, const char* field);

// A free TCP port on 127.0.0.1 (bound and released; good enough for tests).
int free_loopback_port();

}  // namespace smartstore::testing

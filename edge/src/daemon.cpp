#include "smartstore/edge/daemon.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <utility>  // before Asio: g++ 12 + Boost 1.74 need std::exchange declared

#include <csignal>
#include <iostream>

#include "smartstore/edge/daemon_component.h"
#include "smartstore/edge/logging.h"

namespace smartstore::edge {
namespace {

std::string problem_text(const Error& error) {
  std::string out;
  for (const auto& line : problem_lines(error)) out += line + "\n";
  return out;
}

class Daemon {
 public:
  Daemon(DaemonOptions options, KioskConfig config)
      : options_(std::move(options)),
        config_(std::move(config)),
        signals_(io_, SIGTERM, SIGINT, SIGHUP),
        watchdog_(io_) {}

  int run() {
    std::error_code ec;
    std::filesystem::create_directories(config_.kiosk.data_dir, ec);
    if (ec) {
      spdlog::error("cannot create data directory {}: {}", config_.kiosk.data_dir.string(), ec.message());
      return 1;
    }
    ::chmod(config_.kiosk.data_dir.c_str(), 0700);

    try {
      components_ = make_daemon_components(io_, config_);
      for (auto& c : components_) {
        c->start();
        spdlog::info("{} started", c->name());
      }
    } catch (const std::exception& e) {
      spdlog::error("start-up failed: {}", e.what());
      stop_components();
      return 1;
    }
    signals_.add(SIGUSR1);
    wait_for_signal();
    start_watchdog();
    sd_notify(0, "READY=1");
    spdlog::info("smartstored ready: store {} kiosk {} ({} components)", config_.kiosk.store_id,
                 config_.kiosk.kiosk_id, components_.size());
    io_.run();
    spdlog::info("smartstored stopped");
    return exit_status_;
  }

 private:
  void wait_for_signal() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      if (signo == SIGHUP) {
        reload();
        wait_for_signal();
        return;
      }
      if (signo == SIGUSR1) {
        spdlog::info("SIGUSR1: closing the business day now");
        for (auto& c : components_) c->close_day();
        wait_for_signal();
        return;
      }
      spdlog::info("signal {}: draining and stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
      sd_notify(0, "STOPPING=1");
      stop_components();
      watchdog_.cancel();
      io_.stop();
    });
  }

  void reload() {
    sd_notify(0, "RELOADING=1");
    auto load = load_kiosk_config(options_.config_file);
    if (!load) {
      spdlog::error("SIGHUP: new config rejected, keeping the running one: {}", problem_text(load.error()));
    } else if (load->kiosk.store_id != config_.kiosk.store_id ||
               load->kiosk.data_dir != config_.kiosk.data_dir) {
      spdlog::error(
          "SIGHUP: new config rejected, keeping the running one: "
          "store_id and data_dir change only with a restart");
    } else {
      config_ = std::move(*load);
      configure_logging(config_.kiosk.log_level);
      for (auto& c : components_) c->reload(config_);
      spdlog::info("SIGHUP: config reloaded from {}", options_.config_file.string());
    }
    sd_notify(0, "READY=1");
  }

  void start_watchdog() {
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
    watchdog_interval_ = std::chrono::microseconds(usec / 2);
    ping_watchdog();
  }

  void ping_watchdog() {
    sd_notify(0, "WATCHDOG=1");
    watchdog_.expires_after(watchdog_interval_);
    watchdog_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) ping_watchdog();
    });
  }

  void stop_components() {
    for (auto it = components_.rbegin(); it != components_.rend(); ++it) {
      try {
        (*it)->stop();
      } catch (const std::exception& e) {
        spdlog::error("{} did not stop cleanly: {}", (*it)->name(), e.what());
        exit_status_ = 1;
      }
    }
    components_.clear();
  }

  DaemonOptions options_;
  KioskConfig config_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer watchdog_;
  std::chrono::microseconds watchdog_interval_{0};
  std::vector<std::unique_ptr<DaemonComponent>> components_;
  int exit_status_ = 0;
};

void print_usage() {
  std::cerr << "usage: smartstored --config FILE\n"
               "       smartstored --check-config FILE\n"
               "       smartstored --version\n";
}

}  // namespace

int run_daemon(const DaemonOptions& options) {
  ::umask(077);  // database, keys and logs are the service user's alone
  auto load = load_kiosk_config(options.config_file);
  if (!load) {
    std::cerr << problem_text(load.error());
    return 1;
  }
  configure_logging(load->kiosk.log_level);
  if (auto production = check_production_config(*load); !production)
    for (const auto& line : problem_lines(production.error()))
      spdlog::error("config not fit for production (smartstored --check-config refuses it): {}", line);
  Daemon daemon(options, std::move(*load));
  return daemon.run();
}

int smartstored_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "--version") {
    std::cout << "smartstored 0.1.0\n";
    return 0;
  }
  if (args.size() == 2 && args[0] == "--check-config") {
    auto load = load_kiosk_config(args[1]);
    if (!load) {
      std::cerr << problem_text(load.error());
      return 1;
    }
    if (auto production = check_production_config(*load); !production) {
      std::cerr << problem_text(production.error());
      return 1;
    }
    std::cout << args[1] << ": ok (store " << load->kiosk.store_id << ", kiosk " << load->kiosk.kiosk_id
              << ")\n";
    return 0;
  }
  if (args.size() == 2 && args[0] == "--config") return run_daemon({args[1]});
  print_usage();
  return 2;
}

}  // namespace smartstore::edge

# The Debian packages installed, upgraded and purged in a throwaway Debian 12
# root (docs/packaging.md). dpkg-buildpackage packs the programs this build
# made (debian/rules' SMARTSTORE_PREBUILT); the minimal root is made by
# mmdebstrap on the first run and cached under ~/.cache/smartstore/. Mostly
# waits on the mirror and dpkg, so it runs beside the other tests, and starts
# first (COST) so that its waits overlap theirs.
if(NOT SMARTSTORE_UNIT_ONLY)
  add_test(NAME package/install_upgrade_purge
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/package/install_upgrade_purge.sh ${PROJECT_BINARY_DIR}/package-test
                   ${PROJECT_BINARY_DIR})
  set_tests_properties(package/install_upgrade_purge PROPERTIES LABELS "package" TIMEOUT 900
                       SKIP_RETURN_CODE 77 COST 10000)
endif()

# The daemon's half of the unit's Type=notify and WatchdogSec, on a notify
# socket the test owns (no systemd needed).
if(NOT SMARTSTORE_UNIT_ONLY)
  add_test(NAME package/notify_watchdog
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/package/notify_watchdog_test.py
                   $<TARGET_FILE:smartstored> ${PROJECT_SOURCE_DIR})
  # It times the daemon's pings against a 0.4 s WATCHDOG_USEC: alone, so the
  # gaps it measures are the daemon's, not nine other tests' CPU.
  set_tests_properties(package/notify_watchdog PROPERTIES LABELS "integration" TIMEOUT 120 RUN_SERIAL TRUE)
endif()

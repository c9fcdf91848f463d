# How ctest packs the ci tests onto 2 cores. The ci test preset runs 10 slots
# at once: most integration tests spend their time waiting (a broker, Paho's
# one-second network cycle on every connect, a daemon's start, a browser, a
# kill), using a few percent of a core, so many of them share 2 cores.
# A test that computes for most of its run (a profile batch, the demo's
# models) claims PROCESSORS 3 and a browser test 2: about two computing tests
# run at once, beside a few waiting ones.
# COST orders the start (ctest's own cost data, in Testing/Temporary, is lost
# with a fresh clone, and the order would be the names'). The computing tests
# go first: started later, each would have to wait for 3 free slots among the
# short waiting tests, and they ran last, after the waits were over and the
# cores had idled beside them. Within each group, the
# seconds each took alone on a 2-core machine, longest first. (The package
# test's COST, higher still, is in package/package.cmake.)
set(smartstore_test_schedule
  # name                                         cost  processors
  models/uplift/uplift_ground_truth_test         1176  3
  models/batch/sharded_batch_test                1172  3
  demo/store_day                                 1109  3
  models/segment/member_segments_test            1092  3
  models/predictive/evaluation_test              1062  3
  scanner/camera/first_look_test                 1044  3
  models/predictive/evaluation_companions_test   1031  3
  scanner/camera/camera_decoder_test             1029  3
  models/profile_decoder_batch_test              1027  3
  models/batch/profile_batch_test                1018  3
  models/app/build_command_test                  1015  3
  scenarios/fleet_publish_test                    100  1
  scenarios/fleet_50_test                          48  1
  edge/scanning/camera_source_test                 47  1
  scenarios/kiosk_sync_crash_test                  46  1
  scenarios/kiosk_apply_memory_test                43  1
  sync/agent/store_agent_faults_test               41  1
  scenarios/crash_matrix_test                      34  1
  sync/agent/downlink_signature_test               33  1
  sync/agent/store_agent_offline_test              32  1
  sync/hq/hq_store_test                            31  1
  scenarios/delta_publish_test                     26  1
  sync/hq/erasure_test                             24  1
  web/entrance_screen                              23  2
  sync/security_test                               23  1
  web/staff_tablet                                 21  2
  sync/agent/day_close_answers_test                21  1
  web/screen_pairing                               20  2
  web/staff_token_storage                          20  2
  scenarios/loop_consent_test                      19  1
  scenarios/storage_faults_disk_full_test          15  1
  sync/roundtrip_test                              13  1
  sync/hq/ingest_security_test                     11  1
)
list(LENGTH smartstore_test_schedule n)
math(EXPR last "${n} - 1")
foreach(i RANGE 0 ${last} 3)
  math(EXPR j "${i} + 1")
  math(EXPR k "${i} + 2")
  list(GET smartstore_test_schedule ${i} name)
  list(GET smartstore_test_schedule ${j} cost)
  list(GET smartstore_test_schedule ${k} processors)
  # The sanitizer build has only the unit tests and runs 2 at a time: there
  # every test computes, and each takes one slot.
  if(TEST ${name})
    set_tests_properties(${name} PROPERTIES COST ${cost})
    if(NOT SMARTSTORE_UNIT_ONLY)
      set_tests_properties(${name} PROPERTIES PROCESSORS ${processors})
    endif()
  endif()
endforeach()

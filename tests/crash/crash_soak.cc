// crash_soak: the crash test's campaign at length (./run soak). Kills newsdex-index
// hundreds of times over Reuters-21578 and prints what survived.
//
//   crash_soak --kills 500 --files 6 --seed 7
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include "crash/crash_harness.h"

int main(int argc, char** argv) {
  cxxopts::Options options("crash_soak", "Kill newsdex-index again and again; check nothing is lost.");
  options.add_options()
      ("kills", "kills to make", cxxopts::value<int>()->default_value("500"))
      ("files", "Reuters-21578 files to index (1 to 22)", cxxopts::value<int>()->default_value("22"))
      ("seed", "random seed (default: a fresh one, printed)", cxxopts::value<std::uint64_t>())
      ("work-dir", "scratch folder (default: a new one under /tmp, removed after)",
       cxxopts::value<std::string>())
      ("json", "print the report as one JSON object")
      ("v,verbose", "one line per kill")
      ("h,help", "show this help");
  try {
    auto args = options.parse(argc, argv);
    if (args.count("help")) {
      std::cout << options.help();
      return 0;
    }
    newsdex::crash::CampaignOptions campaign;
    campaign.kills = args["kills"].as<int>();
    campaign.seed = args.count("seed") ? args["seed"].as<std::uint64_t>() : std::random_device{}();
    campaign.verbose = args.count("verbose") > 0;
    const int files = args["files"].as<int>();
    if (files < 1 || files > 22) throw cxxopts::exceptions::exception("--files must be 1 to 22");
    for (int i = 0; i < files; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "reut2-%03d.sgm.gz", i);
      campaign.sgml_files.push_back(std::string(NEWSDEX_CORPORA_DIR) + "/reuters21578/" + name);
    }
    const bool own_dir = !args.count("work-dir");
    campaign.work_dir = own_dir ? (std::filesystem::temp_directory_path() /
                                   ("newsdex-soak-" + std::to_string(::getpid()))).string()
                                : args["work-dir"].as<std::string>();
    std::cerr << "crash_soak: seed " << campaign.seed << ", " << campaign.kills << " kills over "
              << files << " Reuters files in " << campaign.work_dir << "\n";

    const newsdex::crash::CampaignReport report = newsdex::crash::RunCampaign(campaign);
    if (own_dir) std::filesystem::remove_all(campaign.work_dir);
    if (args.count("json")) {
      std::cout << nlohmann::json{{"seed", campaign.seed},
                                  {"files", files},
                                  {"kills", report.kills},
                                  {"kills_by_cause", report.kills_by_cause},
                                  {"workloads", report.workloads},
                                  {"committed_ids_checked", report.committed_checked},
                                  {"problems", report.problems},
                                  {"seconds", report.seconds}}
                       .dump()
                << "\n";
    } else {
      std::cout << "kills survived      " << report.kills << "\n";
      for (const auto& [cause, n] : report.kills_by_cause) {
        std::cout << "  " << cause << std::string(18 - std::min<std::size_t>(cause.size(), 17), ' ')
                  << n << "\n";
      }
      std::cout << "workloads finished  " << report.workloads << " (each compared with the reference)\n"
                << "committed ids checked " << report.committed_checked << "\n"
                << "problems            " << report.problems.size() << "\n"
                << "seconds             " << report.seconds << "\n";
      for (const std::string& p : report.problems) std::cout << "  " << p << "\n";
    }
    return report.problems.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "crash_soak: " << e.what() << "\n";
    return 2;
  }
}

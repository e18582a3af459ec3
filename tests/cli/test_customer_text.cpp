// What a customer's report makes of the project's internal references and of machine paths.
#include <gtest/gtest.h>

#include "cli/customer_text.hpp"

namespace pb::cli {
namespace {

TEST(CustomerText, InternalReferencesSayWhatTheyAre) {
  EXPECT_EQ(CustomerText("[V2] 3.6 Ah (project reference shared/reference/published-figures.md section 5)"),
            "[V2] 3.6 Ah (the project's compilation of published figures section 5)");
  EXPECT_EQ(CustomerText("Customer requirement (shared/seeds/000 §2.1, §2.5)"),
            "Customer requirement (the customer's brief §2.1, §2.5)");
  EXPECT_EQ(CustomerText("a Nordic climate (seed 000); delta updates are future work in seed 001"),
            "a Nordic climate (the customer's brief); delta updates are future work in a later project brief");
  EXPECT_EQ(CustomerText("errors -3 % to +6 % (tests/models/test_battery_physics.cpp)"),
            "errors -3 % to +6 % (checked by the project's tests)");
  EXPECT_EQ(CustomerText("the flight sizes of models/protocols/dtls.cpp are the draft's"),
            "the flight sizes of the model's source are the draft's");
  EXPECT_EQ(CustomerText("the LS17500 of profiles/batteries/saft-ls17500.json with a supercapacitor"),
            "the LS17500 of the bundled profile 'saft-ls17500' (batteries) with a supercapacitor");
  // A folder name inside a web address or another path is not the project's.
  EXPECT_EQ(CustomerText("see github.com/nrfconnect/sdk-nrf/blob/main/cli/x.rst and docs/battery-models.md"),
            "see github.com/nrfconnect/sdk-nrf/blob/main/cli/x.rst and docs/battery-models.md");
}

TEST(CustomerText, FilesAreShownByTheirNameAlone) {
  EXPECT_EQ(ShownProfile("mast-monitor"), "mast-monitor");
  EXPECT_EQ(ShownProfile("/home/user/devices/my-device.json"), "my-device.json");
  EXPECT_EQ(ShownOverride("battery=/tmp/cells/bat.json"), "battery=bat.json");
  EXPECT_EQ(ShownOverride("reporting.interval_s=7200"), "reporting.interval_s=7200");
  ProfileArguments args;
  args.profile = "./x/y.json";
  args.overrides = {"modem=/opt/m.json"};
  const ProfileArguments shown = ShownArguments(args);
  EXPECT_EQ(shown.profile, "y.json");
  EXPECT_EQ(shown.overrides, std::vector<std::string>{"modem=m.json"});
}

}  // namespace
}  // namespace pb::cli

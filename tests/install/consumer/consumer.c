/* A C host of the installed C ABI (powerbudget_estimation.h from include/powerbudget). */
#include <stdio.h>

#include "powerbudget_estimation.h"

int main(void) {
  printf("powerbudget estimation ABI %d\n", pb_est_abi_version());
  return pb_est_abi_version() > 0 ? 0 : 1;
}

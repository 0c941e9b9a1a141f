// cgosan-vet: the program behind `cgosan vet` (see vet_command.h).
#include "vet_command.h"

#include <string>
#include <vector>

int main(int argc, char **argv) {
  return cgosan::vet::RunVet(std::vector<std::string>(argv + 1, argv + argc));
}

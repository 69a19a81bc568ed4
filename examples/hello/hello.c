#include <stdio.h>

int main(void) {
  puts("hello from docker container");
  return 0;
}

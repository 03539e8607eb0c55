// Package cli wires seswiz's commands (the wizard, demo, check, records,
// emulator, policy) with cobra and fang, and maps every outcome to the
// documented exit status: 0 ok, 1 falls short, 2 usage or input, 3 could not
// check, 130 interrupted.
package cli

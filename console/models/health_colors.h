// The console's health colours, in one place for every view (table, topology, legend).
//
// good: green, bad: amber, failed: red, unreachable: grey, unknown: light grey. Chosen to stay
// apart for the common colour-vision deficiencies by lightness as well as hue (amber is lighter
// than red, grey has no hue), and always shown next to a word, never alone.
#pragma once

#include <QColor>

#include "client/api_replies.h"

namespace tandem::console {

inline QColor healthColor(Health health) {
  switch (health) {
    case Health::kGood:
      return QColor(0x2e, 0x9d, 0x3e);
    case Health::kBad:
      return QColor(0xe8, 0xa3, 0x17);
    case Health::kFailed:
      return QColor(0xd0, 0x31, 0x2d);
    case Health::kUnreachable:
      return QColor(0x80, 0x80, 0x80);
    case Health::kUnknown:
      break;
  }
  return QColor(0xc8, 0xc8, 0xc8);
}

}  // namespace tandem::console

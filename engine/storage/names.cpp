// ArangoDB's naming rules for document keys, collections and databases ("traditional" names).
#include "tandem/store.h"

namespace tandem {
namespace {

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Letters, digits, '_' and '-': the tail of collection and database names.
bool isNameTail(std::string_view tail) {
  for (char c : tail) {
    if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '_' && c != '-') return false;
  }
  return true;
}

constexpr std::size_t kMaxKeyBytes = 254;
constexpr std::size_t kMaxCollectionNameBytes = 256;
constexpr std::size_t kMaxDatabaseNameBytes = 64;

}  // namespace

bool isValidDocumentKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes) return false;
  for (char c : key) {
    if (isAsciiLetter(c) || isAsciiDigit(c)) continue;
    switch (c) {
      case '_':
      case '-':
      case '.':
      case '@':
      case '(':
      case ')':
      case '+':
      case ',':
      case '=':
      case ';':
      case '$':
      case '!':
      case '*':
      case '\'':
      case '%':
      case ':':
        continue;
      default:
        return false;
    }
  }
  return true;
}

bool isValidCollectionName(std::string_view name, bool allow_system) {
  if (name.empty() || name.size() > kMaxCollectionNameBytes) return false;
  const char first = name.front();
  if (!isAsciiLetter(first) && !(allow_system && first == '_')) return false;
  return isNameTail(name.substr(1));
}

bool isValidDatabaseName(std::string_view name) {
  if (name == "_system") return true;
  if (name.empty() || name.size() > kMaxDatabaseNameBytes) return false;
  if (!isAsciiLetter(name.front())) return false;
  return isNameTail(name.substr(1));
}

}  // namespace tandem

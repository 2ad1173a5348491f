#!/usr/bin/env bash
# Installs the Debian packages samling needs, idempotently: only what is missing.
#   python3-venv             Debian's Python needs it for `python3 -m venv`
#   fonts-crosextra-carlito  Carlito, the font of every output (Calibri's metrics)
#   fonts-liberation2        metric-compatible Arial/Times for templates that name them
#   fonts-crosextra-caladea  Caladea, Cambria's metrics, for Word templates set in Cambria
#   fontconfig, libcairo2    how CairoSVG finds fonts and draws the poster
#   poppler-utils            pdffonts/pdfinfo/pdftoppm: the tests inspect PDFs
#   libreoffice-impress/-writer  the PDF export of the deck, guide and worksheets (optional)
#   python3-uno              the UNO bridge for Debian's python3: `samling preview` runs
#                            unoserver with it, one LibreOffice kept up for the pictures
#   chromium                 the headless browser the preview's tests drive
#   chromium-driver          chromedriver, how selenium drives that chromium
#   pandoc                   only with --bench: `make bench` compares every figure with it
# Without root or apt-get it only says what to install.
set -euo pipefail

packages=(python3-venv fontconfig fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2
          libcairo2 poppler-utils libreoffice-impress libreoffice-writer
          python3-uno chromium chromium-driver)
[ "${1:-}" = "--bench" ] && packages+=(pandoc)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "samling needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]} (once; this can take a few minutes)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null

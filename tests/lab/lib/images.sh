# shellcheck shell=bash
# Lab image builds. No registry is reachable, so every image is a rootfs assembled from files on
# this machine and `docker import`ed. Each image carries a label with the hash of its inputs;
# a build is skipped when an image with the same hash exists (cached across `down`).

HASH_LABEL=tailwart-lab.inputs-hash
BUILD_VERSION=3   # bump when the build recipe below changes

image_hash() { docker image inspect -f "{{index .Config.Labels \"$HASH_LABEL\"}}" "$1" 2>/dev/null || true; }

hash_inputs() {  # hash_inputs FILE_OR_DIR... -> sha256 of their contents (bin/obj excluded),
  # independent of where the checkout lives (two clones build the same images)
  { echo "$BUILD_VERSION"; sha256sum <"$LAB/lib/images.sh"
    for p in "$@"; do
      if [ -d "$p" ]; then
        (cd "$p" && find . -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
      elif [ -e "$p" ]; then echo "$(basename "$p") $(sha256sum <"$p")"; fi
    done; } | sha256sum | cut -c1-16
}

# copy a binary and every library `ldd` names for it into the rootfs, at the same paths
copy_with_libs() {
  local root="$1"; shift
  local f
  for f in "$@"; do mkdir -p "$root$(dirname "$f")"; cp -L "$f" "$root$f"; done
  copy_libs_of "$root" "$@"
}
# copy every library `ldd` names for the given binaries (which may live anywhere) into the rootfs
copy_libs_of() {
  local root="$1"; shift
  local f lib
  for f in "$@"; do
    for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true); do
      [ -e "$root$lib" ] && continue
      mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
    done
  done
}

busybox_root() {  # a minimal rootfs with busybox and all its applets
  local root="$1"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,tmp,run,var/run,proc,sys,dev}
  chmod 1777 "$root/tmp"
  cp "$(command -v busybox)" "$root/bin/busybox"
  chroot "$root" /bin/busybox --install -s
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

import_root() {  # import_root ROOT TAG HASH --change...
  local root="$1" tag="$2" hash="$3"; shift 3
  tar -C "$root" -c . | docker import --change "LABEL $HASH_LABEL=$hash" "$@" - "$tag" >/dev/null
  rm -rf "$root"
  log "built image $tag ($hash)"
}

build_sidecar_image() {
  local hash; hash="$(hash_inputs "$(command -v busybox)" "$LAB/images/sidecar")"
  if [ "$(image_hash "$IMG_SIDECAR")" = "$hash" ]; then log "image $IMG_SIDECAR cached"; return 0; fi
  local root; root="$(mktemp -d "$STATE/tmp/rootfs.XXXXXX")"
  busybox_root "$root"
  # (flat in the repo: a folder named bin/ would be gitignored)
  cp -a "$LAB/images/sidecar/ts-entrypoint" "$LAB/images/sidecar/ts-healthz" "$LAB/images/sidecar/tailscale" "$root/usr/local/bin/"
  import_root "$root" "$IMG_SIDECAR" "$hash" \
    --change 'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENTRYPOINT ["/usr/local/bin/ts-entrypoint"]'
}

build_edge_image() {
  local hap; hap="$(command -v haproxy)"
  local hash; hash="$(hash_inputs "$hap" "$(command -v busybox)")"
  if [ "$(image_hash "$IMG_EDGE")" = "$hash" ]; then log "image $IMG_EDGE cached"; return 0; fi
  local root; root="$(mktemp -d "$STATE/tmp/rootfs.XXXXXX")"
  busybox_root "$root"
  copy_with_libs "$root" "$hap"
  mkdir -p "$root/usr/local/etc/haproxy" "$root/var/lib/haproxy"
  import_root "$root" "$IMG_EDGE" "$hash" \
    --change 'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENTRYPOINT [\"$hap\", \"-W\", \"-db\", \"-f\", \"/usr/local/etc/haproxy/haproxy.cfg\"]"
}

STANDIN_PROJECT_DIR="$LAB/standins/Tailwart.Lab.Stalwart"
# The stand-in's publish command (owned by the stand-in's author, see standins/README.md):
# a self-contained linux-x64 folder. Override with LAB_STANDIN_PUBLISH="cmd ... -o {out}".
publish_standin() {
  local out="$1"
  rm -rf "$out"
  if [ -n "${LAB_STANDIN_PUBLISH:-}" ]; then
    bash -c "${LAB_STANDIN_PUBLISH//\{out\}/$out}"
  else
    dotnet publish "$STANDIN_PROJECT_DIR" -c Release -r linux-x64 --self-contained \
      -p:PublishSingleFile=true -o "$out" -nologo -v quiet >&2
  fi
}

build_stalwart_image() {
  local csproj=""
  # LAB_STANDIN=placeholder builds the placeholder even when the project exists (debugging the lab)
  [ -d "$STANDIN_PROJECT_DIR" ] && [ "${LAB_STANDIN:-}" != placeholder ] && csproj="$(find "$STANDIN_PROJECT_DIR" -maxdepth 1 -name '*.csproj' | head -n1)"
  local hash
  if [ -z "$csproj" ]; then
    hash="placeholder-$(hash_inputs "$(command -v busybox)")"
  else
    hash="$(hash_inputs "$STANDIN_PROJECT_DIR" "$LAB/../../Directory.Build.props" "$LAB/../../Directory.Packages.props")"
  fi
  if [ "$(image_hash "$IMG_STALWART")" = "$hash" ]; then log "image $IMG_STALWART cached"; return 0; fi
  local root; root="$(mktemp -d "$STATE/tmp/rootfs.XXXXXX")"
  busybox_root "$root"
  if [ -z "$csproj" ]; then
    log "WARNING: $STANDIN_PROJECT_DIR has no project yet: building a placeholder Stalwart image"
    cat >"$root/usr/local/bin/placeholder" <<'SH'
#!/bin/sh
echo "tailwart-lab: Stalwart stand-in not built yet (placeholder image)" >&2
trap 'exit 0' TERM INT
while :; do sleep 3600 & wait $!; done
SH
    chmod +x "$root/usr/local/bin/placeholder"
    import_root "$root" "$IMG_STALWART" "$hash" --change 'ENTRYPOINT ["/usr/local/bin/placeholder"]'
    return 0
  fi
  log "publishing the Stalwart stand-in, this takes a minute or two on a cold machine"
  publish_standin "$root/app" || die "publishing the Stalwart stand-in failed"
  # the executable: stalwart-standin (its AssemblyName), else the project's name
  local name
  for name in stalwart-standin "$(basename "$csproj" .csproj)"; do [ -x "$root/app/$name" ] && break; done
  [ -x "$root/app/$name" ] || die "publish produced no executable in $root/app"
  rm -f "$root"/app/*.pdb
  # the host's glibc/libstdc++/libgcc_s/zlib and OpenSSL 3 (loaded with dlopen by .NET for TLS)
  local libdir=/usr/lib/x86_64-linux-gnu
  # shellcheck disable=SC2046
  copy_libs_of "$root" "$root/app/$name" $(find "$root/app" -maxdepth 1 -name 'lib*.so' -printf '%p ')
  local l
  # (+ GSSAPI, which Npgsql probes at its first connection; missing, it prints an error line)
  for l in libssl.so.3 libcrypto.so.3 libz.so.1 libstdc++.so.6 libgcc_s.so.1 libgssapi_krb5.so.2; do
    [ -e "$libdir/$l" ] && copy_with_libs "$root" "$libdir/$l"
  done
  mkdir -p "$root/etc/ssl/certs" "$root/lab"
  import_root "$root" "$IMG_STALWART" "$hash" \
    --change 'ENV PATH=/app:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1' \
    --change 'WORKDIR /app' \
    --change "ENTRYPOINT [\"/app/$name\"]"
}

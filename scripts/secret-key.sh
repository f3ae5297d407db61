# Sourced by `npm start` and `npm run start:cluster`: production refuses the
# public development key, so when SECRET_KEY is not set, use a random key
# generated once for this checkout into .secret-key (gitignored, mode 600).
# A real deployment sets SECRET_KEY itself, the same on every server.
if [ -z "${SECRET_KEY:-}" ]; then
  if [ ! -s .secret-key ]; then
    (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64url"))' > .secret-key)
  fi
  SECRET_KEY="$(cat .secret-key)"
  export SECRET_KEY
  echo "setup: SECRET_KEY is not set; using the key in .secret-key (generated once for this checkout)"
fi

// tsyringe reads constructor parameter types through the Reflect metadata API; this entry, and only this one,
// installs it (docs/architecture.md, "Hosts and composition"). The plain API in @ratchet/core never does.
import 'reflect-metadata';

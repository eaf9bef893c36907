import GoldilocksCommands

#if canImport(Glibc)
import Glibc
#endif

exit(CommandRunner.main())

from ropkit.cli import main

main()

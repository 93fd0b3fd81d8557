from selflead.cli.entry import main

main()

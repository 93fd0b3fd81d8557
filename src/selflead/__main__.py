from selflead.cli import main

main()

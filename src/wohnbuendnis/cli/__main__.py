import sys

from wohnbuendnis.cli import main

sys.exit(main())

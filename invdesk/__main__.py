import sys

from invdesk.cli import main

sys.exit(main())
